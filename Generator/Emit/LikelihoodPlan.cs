using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>What the emitter writes for the likelihood p(x|z): the name of the decoder's output, log p(x|z),
/// the likelihood's mean, and any parameter the likelihood learns itself.</summary>
internal sealed class LikelihoodPlan
{
    private readonly string inputShape;

    /// <param name="spec">The checked likelihood.</param>
    /// <param name="inputShape">The input shape as C# arguments (e.g. <c>1, 28, 28</c>), for per-element parameters.</param>
    public LikelihoodPlan(LikelihoodSpec spec, string inputShape)
    {
        Spec = spec;
        this.inputShape = inputShape;
        if (ConstructCatalog.Find(ConstructKind.Likelihood, spec.Family)?.Runtime is null)
        {
            throw new UnsupportedConstructException(spec.Span, $"the likelihood '{spec.Family}'");
        }
    }

    public LikelihoodSpec Spec { get; }

    /// <summary>The decoder's output as a property of the forward record.</summary>
    public string OutputName => Spec.Family switch
    {
        "Gaussian" => "Mean",
        "Laplace" => "Location",
        _ => "Logits",
    };

    public string OutputLocal => OutputName.ToLowerInvariant();

    public string OutputDoc => Spec.Family switch
    {
        "Bernoulli" => "The Bernoulli logits of each input element.",
        "Gaussian" => "The mean of the Gaussian over each input element.",
        "Laplace" => "The location of the Laplace distribution over each input element.",
        "Categorical256" => "The logits over the 256 intensity levels of each input element, levels first.",
        _ => $"The decoder's output for the likelihood {Spec.Family}: {Names.Xml(ConstructCatalog.Find(ConstructKind.Likelihood, Spec.Family)!.ShapeRule)}.",
    };

    private Argument? Argument(string name) => Spec.Arguments.FirstOrDefault(a => a.Name == name);

    private bool Learned(string name) => Argument(name)?.Word == "learned";

    /// <summary>The Runtime <c>Likelihood</c> of the family, from the catalogue; the model holds it in its field
    /// <c>likelihood</c>, and every use is a call on that field.</summary>
    public string Type => $"global::VaeDsl.Runtime.{ConstructCatalog.Find(ConstructKind.Likelihood, Spec.Family)!.Runtime}";

    /// <summary>The likelihood's construction: a fixed variance or scale, or where it is learned.</summary>
    public string Create => Spec.Family switch
    {
        "Gaussian" when Learned("variance") => Argument("per")?.Word == "element" ? $"{Type}.Learned({inputShape})" : $"{Type}.Learned()",
        "Gaussian" => $"new {Type}({Number("variance", "1.0")})",
        // The learned log-scale stays the model's own parameter (state_dict key log_scale), read at each use.
        "Laplace" when Learned("scale") => $"new {Type}(() => this.log_scale)",
        "Laplace" => $"new {Type}({Number("scale", "1.0")})",
        _ => $"new {Type}()",
    };

    /// <summary>A parameter the model holds for its likelihood (a learned Laplace scale), or null.</summary>
    public (string Type, string Name, string Create)? LearnedField => Spec.Family == "Laplace" && Learned("scale")
        ? ("global::TorchSharp.Modules.Parameter", "log_scale", "new global::TorchSharp.Modules.Parameter(global::TorchSharp.torch.zeros(1))")
        : null;

    /// <summary>log p(x|z) per example, [B], from the decoder's output.</summary>
    public string LogProb(string output, string x) => $"this.likelihood.LogProb({output}, {x})";

    /// <summary>−log p(x|z) averaged over the batch (one fused reduction where the Runtime has one).</summary>
    public string NegativeLogLikelihood(string output, string x) => $"this.likelihood.NegativeLogLikelihood({output}, {x})";

    /// <summary>The likelihood's mean in data space, from the decoder's output.</summary>
    public string Mean(string output) => $"this.likelihood.Mean({output})";

    private string Number(string name, string fallback) =>
        Argument(name)?.Number is { } expr ? ExprEmitter.EmitDouble(expr, "this.Options") : fallback;
}
