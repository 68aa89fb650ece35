// The C# half of the language tour: the module that Vae.dsl's custom layers name. A custom layer's type lives in the
// project that compiles the .vae file, so every project that compiles the tour compiles this file beside it.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Tour;

/// <summary>A gated linear unit of one vector, x · sigmoid(W x + b): the shape is kept.</summary>
public sealed class Gate : nn.Module<Tensor, Tensor>
{
    private readonly Linear gate;

    /// <summary>A gate over <paramref name="features"/> features whose bias starts at <paramref name="bias"/>
    /// (a positive bias starts the gate open).</summary>
    public Gate(long features, double bias = 0.0) : base(nameof(Gate))
    {
        gate = nn.Linear(features, features);
        using (no_grad())
        {
            gate.bias!.fill_(bias);
        }
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => input * sigmoid(gate.forward(input));
}
