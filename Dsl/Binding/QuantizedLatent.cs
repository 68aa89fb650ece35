using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>The checks of a <c>VectorQuantized</c> latent (VQ-VAE): its settings, its place in the model (the only
/// latent, no condition), the encoder output it quantises and the loss terms that apply to it.</summary>
internal static class QuantizedLatent
{
    public const string Family = "VectorQuantized";

    /// <summary>The loss term of a quantised latent: its codebook and commitment losses.</summary>
    public const string Term = "vq";

    /// <summary>The terms defined through a posterior density, which a quantised latent does not have.</summary>
    public static readonly IReadOnlyCollection<string> DensityTerms = new HashSet<string> { "kl", "tc", "mmd", "iwae" };

    /// <summary>True when the latent as written is quantised (its family is <c>VectorQuantized</c>).</summary>
    public static bool IsQuantized(DistributionSyntax latent) => CallShape.From(latent.Family)?.Name == Family;

    public static bool IsQuantized(LatentSpec latent) => latent.Family == Family;

    /// <summary>The moving-average settings need <c>ema: true</c>, <c>restart_every</c> needs <c>restart: true</c>.</summary>
    public static bool CheckSettings(ResolvedArguments arguments, DiagnosticBag diagnostics)
    {
        var fine = true;
        if (arguments.Word("ema") != "true")
        {
            foreach (var name in new[] { "decay", "epsilon" })
            {
                if (arguments.RangeOf(name) is { } range)
                {
                    diagnostics.Report(DiagnosticDescriptors.SettingNeedsEma, range, name);
                    fine = false;
                }
            }
        }
        if (arguments.Word("restart") != "true" && arguments.RangeOf("restart_every") is { } every)
        {
            diagnostics.Report(DiagnosticDescriptors.RestartEveryNeedsRestart, every);
            fine = false;
        }
        return fine;
    }

    /// <summary>A quantised latent is the model's only latent and the model has no condition: the decoder reads the
    /// quantised encoder output as it is.</summary>
    public static void CheckAlone(IReadOnlyList<DistributionSyntax> latents, ConditionSyntax? condition, DiagnosticBag diagnostics)
    {
        var quantized = latents.FirstOrDefault(IsQuantized);
        if (quantized is null) return;
        var others = latents.Where(l => !ReferenceEquals(l, quantized)).Select(l => "the latent '" + l.Name + "'").ToList();
        if (condition is not null) others.Add("the condition '" + condition.Name + "'");
        if (others.Count > 0)
        {
            diagnostics.Report(DiagnosticDescriptors.QuantizedNotAlone, quantized.NameRange, quantized.Name, string.Join(" and ", others));
        }
    }

    /// <summary>The encoder's output must be [dim] or [dim, …positions]: the code dimension first, as convolutions
    /// give channels.</summary>
    public static bool CheckEncoderOutput(LatentSpec latent, Shape encoderOutput, TextRange lastLayer, DiagnosticBag diagnostics)
    {
        var dim = latent.Size.IntValue;
        if (encoderOutput.Rank >= 1 && encoderOutput.Dims[0] == dim) return true;
        diagnostics.Report(DiagnosticDescriptors.QuantizedShape, lastLayer, latent.Name, dim, encoderOutput);
        return false;
    }

    /// <summary>Terms defined by a density do not apply to a quantised latent; vq needs one; a quantised latent needs vq.</summary>
    public static void CheckTerms(IReadOnlyList<(string Name, TextRange Range)> terms, IReadOnlyList<LatentSpec> latents, TextRange lossKeyword, DiagnosticBag diagnostics)
    {
        var quantized = latents.FirstOrDefault(IsQuantized);
        foreach (var term in terms)
        {
            if (quantized is not null && DensityTerms.Contains(term.Name))
            {
                diagnostics.Report(DiagnosticDescriptors.TermNotForQuantized, term.Range, term.Name, quantized.Name);
            }
            else if (quantized is null && term.Name == Term && latents.Count > 0)
            {
                diagnostics.Report(DiagnosticDescriptors.VqWithoutQuantized, term.Range, latents[0].Name, latents[0].Family);
            }
        }
        if (quantized is not null && !terms.Any(t => t.Name == Term))
        {
            diagnostics.Report(DiagnosticDescriptors.QuantizedWithoutVq, lossKeyword, quantized.Name);
        }
    }
}
