using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>What the emitter writes for a quantised latent (<c>VectorQuantized</c>, VQ-VAE): its quantiser, its
/// fitted prior over codes and the calls on them, as C# text.</summary>
internal sealed class QuantizedLatentPlan
{
    private const string Quantization = "global::VaeDsl.Runtime.Quantization";

    public QuantizedLatentPlan(LatentSpec latent, PriorSpec prior)
    {
        Spec = latent;
        Prior = prior;
        Pascal = Names.Pascal(latent.Name);
        if (prior.Family != "FittedCategorical")
        {
            throw new UnsupportedConstructException(prior.Span, $"the prior '{prior.Family}' of a {latent.Family} latent");
        }
    }

    public LatentSpec Spec { get; }

    public PriorSpec Prior { get; }

    public string Name => Spec.Name;

    public string Pascal { get; }

    /// <summary>The quantiser's field as code refers to it (its state_dict keys are <c>{latent}.embedding</c>, …).</summary>
    public string Field => "this." + Name;

    public string PriorFieldName => Name + "_prior";

    public string PriorField => "this." + PriorFieldName;

    public string Type => $"{Quantization}.VectorQuantizer";

    public string PriorType => $"{Quantization}.FittedCategoricalPrior";

    public string QuantizationType => $"{Quantization}.Quantization";

    public bool UsesMovingAverages => Spec.Arguments.FirstOrDefault(a => a.Name == "ema")?.Word == "true";

    /// <summary>The number of codes, over the options record.</summary>
    public string Codes(string options) => ExprEmitter.Emit(Spec.Arguments.First(a => a.Name == "codes").Number!, options);

    /// <summary>The code dimension, over the options record.</summary>
    public string Dim(string options) => ExprEmitter.Emit(Spec.Size, options);

    /// <summary>The quantiser's construction: codes and dimension by position, every other setting by name where it
    /// differs from the catalogue's default (which the Runtime constructor has too).</summary>
    public string NewQuantizer(string options)
    {
        var arguments = new List<string> { Codes(options), Dim(options) };
        var entry = ConstructCatalog.Find(ConstructKind.LatentFamily, Spec.Family)!;
        foreach (var parameter in entry.Parameters.Where(p => p.Name is not ("codes" or "dim")))
        {
            var argument = Spec.Arguments.FirstOrDefault(a => a.Name == parameter.Name);
            if (argument is null) continue;
            if (argument.Word is { } word)
            {
                if (word != parameter.WordDefault) arguments.Add($"{parameter.RuntimeName}: {word}");
            }
            else if (argument.Number is { } number && !(number is LiteralExpr literal && literal.Value == parameter.NumberDefault))
            {
                var value = parameter.Type == ParameterType.Integer ? ExprEmitter.Emit(number, options) : ExprEmitter.EmitDouble(number, options);
                arguments.Add($"{parameter.RuntimeName}: {value}");
            }
        }
        return $"new {Type}({string.Join(", ", arguments)})";
    }
}
