using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>What the emitter writes for the likelihood p(x|z): the name of the decoder's output, log p(x|z),
/// the likelihood's mean, and any parameter the likelihood learns itself.</summary>
internal sealed class LikelihoodPlan
{
    private const string Lik = "global::VaeDsl.Runtime.Likelihoods";

    private readonly string inputShape;

    /// <param name="spec">The checked likelihood.</param>
    /// <param name="inputShape">The input shape as C# arguments (e.g. <c>1, 28, 28</c>), for per-element parameters.</param>
    public LikelihoodPlan(LikelihoodSpec spec, string inputShape)
    {
        Spec = spec;
        this.inputShape = inputShape;
        if (spec.Family is not ("Bernoulli" or "Gaussian" or "Laplace" or "Categorical256"))
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
        _ => "The logits over the 256 intensity levels of each input element, levels first.",
    };

    private Argument? Argument(string name) => Spec.Arguments.FirstOrDefault(a => a.Name == name);

    private bool Learned(string name) => Argument(name)?.Word == "learned";

    /// <summary>The field of a learned variance or scale, or null when the likelihood learns nothing.</summary>
    public (string Type, string Name, string Create)? LearnedField => Spec.Family switch
    {
        "Gaussian" when Learned("variance") => (
            $"{Lik}.LearnedLogVariance",
            "likelihood",
            Argument("per")?.Word == "element" ? $"new {Lik}.LearnedLogVariance({inputShape})" : $"new {Lik}.LearnedLogVariance(1)"),
        "Laplace" when Learned("scale") => (
            "global::TorchSharp.Modules.Parameter",
            "log_scale",
            "new global::TorchSharp.Modules.Parameter(global::TorchSharp.torch.zeros(1))"),
        _ => null,
    };

    /// <summary>log p(x|z) per example, [B], from the decoder's output.</summary>
    public string LogProb(string output, string x) => Spec.Family switch
    {
        "Bernoulli" => $"{Lik}.BernoulliLikelihood.LogProb({output}, {x})",
        "Gaussian" when Learned("variance") => $"this.likelihood.LogProb({output}, {x})",
        "Gaussian" => $"{Lik}.GaussianLikelihood.LogProb({output}, {x}, variance: {Number("variance", "1.0")})",
        "Laplace" when Learned("scale") => $"{Lik}.LaplaceLikelihood.LogProb({output}, this.log_scale, {x})",
        "Laplace" => $"{Lik}.LaplaceLikelihood.LogProb({output}, {x}, scale: {Number("scale", "1.0")})",
        _ => $"{Lik}.CategoricalPixelLikelihood.LogProb({output}, {x})",
    };

    /// <summary>−log p(x|z) averaged over the batch, fused into one reduction where the Runtime has one.</summary>
    public string NegativeLogLikelihood(string output, string x) => Spec.Family == "Bernoulli"
        ? $"{Lik}.BernoulliLikelihood.NegativeLogLikelihood({output}, {x})"
        : $"-{LogProb(output, x)}.mean()";

    /// <summary>The likelihood's mean in data space, from the decoder's output.</summary>
    public string Mean(string output) => Spec.Family switch
    {
        "Bernoulli" => $"{Lik}.BernoulliLikelihood.Mean({output})",
        "Categorical256" => $"{Lik}.CategoricalPixelLikelihood.Mean({output})",
        _ => output,
    };

    private string Number(string name, string fallback) =>
        Argument(name)?.Number is { } expr ? ExprEmitter.EmitDouble(expr, "this.Options") : fallback;
}
