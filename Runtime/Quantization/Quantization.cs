using static TorchSharp.torch;

namespace VaeDsl.Runtime.Quantization;

/// <summary>One batch quantised by a <see cref="VectorQuantizer"/>.</summary>
/// <param name="Inputs">The encoder's output z_e, [B, D] or [B, D, …positions].</param>
/// <param name="Quantized">The nearest codes in the shape of <paramref name="Inputs"/> with straight-through gradients:
/// the forward value is the code vectors, the gradient passes to <paramref name="Inputs"/> unchanged.</param>
/// <param name="Codes">The index of the nearest code at each position, [B] or [B, …positions].</param>
/// <param name="CodebookLoss">‖sg[z_e] − e‖² per example, [B], summed over positions and code dimensions.</param>
/// <param name="CommitmentLoss">‖z_e − sg[e]‖² per example, [B].</param>
public sealed record Quantization(Tensor Inputs, Tensor Quantized, Tensor Codes, Tensor CodebookLoss, Tensor CommitmentLoss);
