using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>One invertible step f of a normalizing flow, with the log-determinant of its Jacobian.</summary>
public abstract class FlowStep : nn.Module
{
    /// <summary>Creates the step.</summary>
    protected FlowStep(string name) : base(name)
    {
    }

    /// <summary>f(z) [B, d] and log |det ∂f/∂z| [B]; <paramref name="context"/> [B, C] is read by steps that take one.</summary>
    public abstract FlowResult Apply(Tensor z, Tensor? context = null);
}
