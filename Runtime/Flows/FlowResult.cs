using static TorchSharp.torch;

namespace VaeDsl.Runtime.Flows;

/// <summary>Codes transformed by a flow (or one step of it) and the log-determinant of the transformation's Jacobian.</summary>
/// <param name="Value">The transformed codes, [B, d].</param>
/// <param name="LogDeterminant">log |det ∂f/∂z| per example, [B].</param>
public sealed record FlowResult(Tensor Value, Tensor LogDeterminant);
