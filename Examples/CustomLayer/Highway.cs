using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CustomLayerExample;

/// <summary>
/// A highway layer (Srivastava, Greff and Schmidhuber, 2015) on vectors of <c>features</c>: y = t · relu(H x) + (1 − t) · x
/// with the transform gate t = sigmoid(T x + b). The shape is kept. A negative gate bias starts the layer close to the
/// identity, carrying its input through, as the paper recommends.
/// </summary>
public sealed class Highway : nn.Module<Tensor, Tensor>
{
    private readonly Linear transform;
    private readonly Linear gate;

    /// <summary>A highway layer of <paramref name="features"/> features whose transform gate's bias starts at <paramref name="bias"/>.</summary>
    public Highway(long features, double bias = -1.0) : base(nameof(Highway))
    {
        transform = nn.Linear(features, features);
        gate = nn.Linear(features, features);
        using (no_grad())
        {
            gate.bias!.fill_(bias);
        }
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var t = sigmoid(gate.forward(input));
        return (t * transform.forward(input).relu() + (1 - t) * input).MoveToOuterDisposeScope();
    }
}
