using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>The likelihood p(x|z) as the PyTorch module computes it (Generator's LikelihoodPlan, in Python).</summary>
internal sealed class LikelihoodExport
{
    private readonly LikelihoodSpec spec;
    private readonly Shape inputShape;
    private readonly ModuleImports use;

    public LikelihoodExport(LikelihoodSpec spec, Shape inputShape, ModuleImports use)
    {
        this.spec = spec;
        this.inputShape = inputShape;
        this.use = use;
        if (!Supported.Contains(spec.Family))
        {
            throw new ExportRefusedException(spec.Span, $"the likelihood '{spec.Family}' has no PyTorch export yet");
        }
    }

    /// <summary>The catalogue's likelihoods that export.</summary>
    public static readonly IReadOnlyCollection<string> Supported = new HashSet<string> { "Bernoulli", "Gaussian", "Laplace", "Categorical256", "TokenCategorical" };

    private DecoderOutput Output => ConstructCatalog.Find(ConstructKind.Likelihood, spec.Family)!.Output!;

    /// <summary>The decoder's output as a local, the catalogue's name in lower case (as the C# model's local).</summary>
    public string OutputLocal => Output.Name.ToLowerInvariant();

    public string OutputDoc => Output.Doc;

    private Argument? Argument(string name) => spec.Arguments.FirstOrDefault(a => a.Name == name);

    private bool Learned(string name) => Argument(name)?.Word == "learned";

    private string Number(string name) => Argument(name)?.Number is { } n ? PythonText.Float(n.Value) : "1.0";

    public (string Name, string Create)? LearnedField => spec.Family switch
    {
        "Gaussian" when Learned("variance") => ("likelihood", Argument("per")?.Word == "element"
            ? $"{use.Name("likelihoods", "LearnedLogVariance")}({string.Join(", ", inputShape.Dims)})"
            : $"{use.Name("likelihoods", "LearnedLogVariance")}(1)"),
        "Laplace" when Learned("scale") => ("log_scale", "nn.Parameter(torch.zeros(1))"),
        _ => null,
    };

    public string LogProb(string output, string x) => spec.Family switch
    {
        "Bernoulli" => $"{use.Name("likelihoods", "bernoulli_log_prob")}({output}, {x})",
        "Gaussian" when Learned("variance") => $"self.likelihood.log_prob({output}, {x})",
        "Gaussian" => $"{use.Name("likelihoods", "gaussian_log_prob")}({output}, {x}, {Number("variance")})",
        "Laplace" when Learned("scale") => $"{use.Name("likelihoods", "laplace_log_prob_learned")}({output}, self.log_scale, {x})",
        "Laplace" => $"{use.Name("likelihoods", "laplace_log_prob")}({output}, {x}, {Number("scale")})",
        "TokenCategorical" => $"{use.Name("likelihoods", "token_categorical_log_prob")}({output}, {x})",
        _ => $"{use.Name("likelihoods", "categorical256_log_prob")}({output}, {x})",
    };

    public string NegativeLogLikelihood(string output, string x) => spec.Family == "Bernoulli"
        ? $"{use.Name("likelihoods", "bernoulli_nll")}({output}, {x})"
        : $"-{LogProb(output, x)}.mean()";

    public string Mean(string output) => spec.Family switch
    {
        "Bernoulli" => $"{output}.sigmoid()",
        "Categorical256" => $"{use.Name("likelihoods", "categorical256_mean")}({output})",
        "TokenCategorical" => $"{use.Name("likelihoods", "token_categorical_mean")}({output})",
        _ => output,
    };
}
