using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>What the emitter writes for the likelihood p(x|z), all from its catalogue entry: the name and doc of the
/// decoder's output, the construction of the Runtime <c>Likelihood</c> (its numeric parameters in the entry's order, a
/// learned one through the factory or the model parameter the entry names), and the calls log p(x|z),
/// −log p(x|z) and the mean on the model's field <c>likelihood</c>.</summary>
internal sealed class LikelihoodPlan
{
    private readonly string inputShape;
    private readonly Construct entry;
    private readonly DecoderOutput output;

    /// <param name="spec">The checked likelihood.</param>
    /// <param name="inputShape">The input shape as C# arguments (e.g. <c>1, 28, 28</c>), for per-element parameters.</param>
    public LikelihoodPlan(LikelihoodSpec spec, string inputShape)
    {
        Spec = spec;
        this.inputShape = inputShape;
        if (ConstructCatalog.Find(ConstructKind.Likelihood, spec.Family) is not { Runtime: not null, Output: { } decoderOutput } construct)
        {
            throw new UnsupportedConstructException(spec.Span, $"the likelihood '{spec.Family}'");
        }
        entry = construct;
        output = decoderOutput;
        Learned = entry.Parameters.FirstOrDefault(p => p.WhenLearned is not null && Argument(p.Name)?.Word == "learned");
        Create = Construction();
    }

    public LikelihoodSpec Spec { get; }

    /// <summary>The decoder's output as a property of the forward record.</summary>
    public string OutputName => output.Name;

    public string OutputLocal => OutputName.ToLowerInvariant();

    public string OutputDoc => output.Doc;

    /// <summary>The Runtime <c>Likelihood</c> of the family, from the catalogue; the model holds it in its field
    /// <c>likelihood</c>, and every use is a call on that field.</summary>
    public string Type => $"global::VaeDsl.Runtime.{entry.Runtime}";

    /// <summary>The parameter written <c>learned</c>, or null.</summary>
    private ConstructParameter? Learned { get; }

    /// <summary>The likelihood's construction, as the catalogue entry describes it.</summary>
    public string Create { get; }

    /// <summary>A parameter the model holds for its likelihood (a learned Laplace scale: <c>log_scale</c>), or null.</summary>
    public (string Type, string Name, string Create)? LearnedField => Learned?.WhenLearned!.ModelParameter is { } name
        ? ("global::TorchSharp.Modules.Parameter", name, "new global::TorchSharp.Modules.Parameter(global::TorchSharp.torch.zeros(1))")
        : null;

    /// <summary>log p(x|z) per example, [B], from the decoder's output.</summary>
    public string LogProb(string decoded, string x) => $"this.likelihood.LogProb({decoded}, {x})";

    /// <summary>−log p(x|z) averaged over the batch (one fused reduction where the Runtime has one).</summary>
    public string NegativeLogLikelihood(string decoded, string x) => $"this.likelihood.NegativeLogLikelihood({decoded}, {x})";

    /// <summary>The likelihood's mean in data space, from the decoder's output.</summary>
    public string Mean(string decoded) => $"this.likelihood.Mean({decoded})";

    private Argument? Argument(string name) => Spec.Arguments.FirstOrDefault(a => a.Name == name);

    private string Construction()
    {
        // Word parameters only shape a learned parameter (per: element); one that does not has no Runtime argument.
        var selectors = entry.Parameters.Select(p => p.WhenLearned?.PerElementParameter).Where(n => n is not null).ToList();
        var arguments = new List<string>();
        foreach (var parameter in entry.Parameters.Where(p => p != Learned && !selectors.Contains(p.Name)))
        {
            arguments.Add(Value(parameter));
        }
        if (Learned?.WhenLearned is not { } learned) return $"new {Type}({string.Join(", ", arguments)})";
        if (learned.Factory is { } factory)
        {
            if (learned.PerElementParameter is { } per && Argument(per)?.Word == learned.PerElementWord) arguments.Add(inputShape);
            return $"{Type}.{factory}({string.Join(", ", arguments)})";
        }
        if (learned.ModelParameter is { } field)
        {
            // Read at each use, so the parameter stays the model's (its state_dict key) and follows it to a device.
            arguments.Add($"() => this.{field}");
            return $"new {Type}({string.Join(", ", arguments)})";
        }
        throw new UnsupportedConstructException(Spec.Span, $"the learned '{Learned.Name}' of the likelihood '{Spec.Family}' (its catalogue entry names neither a factory nor a model parameter)");
    }

    /// <summary>A fixed parameter as a C# argument: as written, or the entry's default.</summary>
    private string Value(ConstructParameter parameter)
    {
        var written = Argument(parameter.Name);
        switch (parameter.Type)
        {
            case ParameterType.Integer when written?.Number is { } integer:
                return ExprEmitter.Emit(integer, "this.Options");
            case ParameterType.Integer when parameter.NumberDefault is { } integerDefault:
                return ExprEmitter.Literal(integerDefault, NumberKind.Int);
            case ParameterType.Number or ParameterType.NumberOrWord when written?.Number is { } number:
                return ExprEmitter.EmitDouble(number, "this.Options");
            case ParameterType.Number or ParameterType.NumberOrWord when written?.Word is null && parameter.NumberDefault is { } numberDefault:
                return ExprEmitter.Literal(numberDefault, NumberKind.Float);
            case ParameterType.Boolean:
                return written?.Word ?? parameter.WordDefault!;
            default:
                throw new UnsupportedConstructException(Spec.Span, $"the parameter '{parameter.Name}' of the likelihood '{Spec.Family}' as a Runtime argument");
        }
    }
}
