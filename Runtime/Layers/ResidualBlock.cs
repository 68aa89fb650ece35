using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>Computes <c>x + body(x)</c>; the body's state_dict keys are prefixed with <c>body.</c>.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public ResidualBlock(Sequential body) : base("Residual")
    {
        this.body = body;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => input + body.forward(input);
}
