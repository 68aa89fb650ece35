using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>What the PyTorch module does for a quantised latent (<c>VectorQuantized</c>, VQ-VAE): the same quantiser,
/// fitted prior over codes and calls on them as the generated TorchSharp module (Generator's QuantizedLatentPlan), as
/// Python text.</summary>
internal sealed class QuantizedLatentExport
{
    public const string Family = "VectorQuantized";

    public const string PriorFamily = "FittedCategorical";

    private readonly ModuleImports use;

    public QuantizedLatentExport(LatentSpec latent, PriorSpec prior, ModuleImports use)
    {
        Spec = latent;
        this.use = use;
        if (prior.Family != PriorFamily)
        {
            throw new ExportRefusedException(prior.Span, $"the prior '{prior.Family}' of a {latent.Family} latent has no PyTorch export yet");
        }
        if (PythonText.Reserved.Contains(latent.Name))
        {
            throw new ExportRefusedException(latent.Span,
                $"the latent '{latent.Name}' would be named like a Python keyword or a method of the PyTorch module; rename it (its name is the prefix of its state_dict keys)");
        }
    }

    public LatentSpec Spec { get; }

    public string Name => Spec.Name;

    public long Dim => Spec.Size.IntValue;

    public long Codes => Spec.Arguments.First(a => a.Name == "codes").Number!.IntValue;

    /// <summary>The quantiser's field (its state_dict keys are <c>{latent}.embedding</c>, …).</summary>
    public string Field => "self." + Name;

    public string PriorField => "self." + Name + "_prior";

    public bool UsesMovingAverages => Spec.Arguments.FirstOrDefault(a => a.Name == "ema")?.Word == "true";

    public bool Restarts => Spec.Arguments.FirstOrDefault(a => a.Name == "restart")?.Word == "true";

    /// <summary>The quantiser's module: codes and dimension by position, every other setting by name where it differs
    /// from the catalogue's default (which the package's VectorQuantizer has too).</summary>
    public string NewQuantizer()
    {
        var arguments = new List<string> { ModelExport.Count(Codes), ModelExport.Count(Dim) };
        foreach (var parameter in ConstructCatalog.Find(ConstructKind.LatentFamily, Family)!.Parameters.Where(p => p.Name is not ("codes" or "dim")))
        {
            var argument = Spec.Arguments.FirstOrDefault(a => a.Name == parameter.Name);
            if (argument?.Word is { } word)
            {
                if (word != parameter.WordDefault) arguments.Add($"{parameter.Name}={(word == "true" ? "True" : "False")}");
            }
            else if (argument?.Number is { } number && number.Value != parameter.NumberDefault)
            {
                var kind = parameter.Type == ParameterType.Integer ? NumberKind.Int : NumberKind.Float;
                arguments.Add($"{parameter.Name}={PythonText.Literal(number.Value, kind)}");
            }
        }
        return $"{use.Name("quantization", "VectorQuantizer")}({string.Join(", ", arguments)})";
    }

    public string NewPrior(string codeShape) => $"{use.Name("quantization", "FittedCategoricalPrior")}({ModelExport.Count(Codes)}, {codeShape})";
}
