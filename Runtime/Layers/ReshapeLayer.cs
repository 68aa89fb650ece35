using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>Reshapes every example to a fixed shape, keeping the batch dimension.</summary>
internal sealed class ReshapeLayer : nn.Module<Tensor, Tensor>
{
    private readonly long[] exampleShape;

    public ReshapeLayer(long[] exampleShape) : base("Reshape")
    {
        this.exampleShape = exampleShape.ToArray();
    }

    public override Tensor forward(Tensor input)
    {
        var shape = new long[exampleShape.Length + 1];
        shape[0] = input.shape[0];
        exampleShape.CopyTo(shape, 1);
        return input.reshape(shape);
    }
}
