using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>Emits the C# for one checked model: its options record, its result records and its module class.
/// The class wires Runtime pieces together (layers, distributions, likelihoods, objectives, schedules); the
/// numerics live in the Runtime.</summary>
internal sealed partial class ModelEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string Rt = "global::VaeDsl.Runtime";
    private const string Training = Rt + ".Training";
    private const string Dist = Rt + ".Distributions";
    private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"VaeDsl\", \"" + GeneratorInfo.Version + "\")]";

    private readonly CheckedModel model;
    private readonly string sourceFileName;
    private readonly SourceWriter w = new();
    private readonly List<LatentPlan> latents;
    private readonly QuantizedLatentPlan? quantized;
    private readonly LikelihoodPlan likelihood;

    /// <summary>The constructor call of each custom layer, by the layer's position in the .vae file.</summary>
    private readonly IReadOnlyDictionary<int, string> customLayers;

    private ModelEmitter(CheckedModel model, string? @namespace, string sourceFileName, IReadOnlyDictionary<int, string>? customLayers)
    {
        this.model = model;
        this.customLayers = customLayers ?? new Dictionary<int, string>();
        ModelCref = "global::" + (string.IsNullOrEmpty(@namespace) ? "" : @namespace + ".") + model.Name;
        this.sourceFileName = sourceFileName;
        // The front end gives every latent a prior (the default one where the file names none).
        latents = model.Latents.Where(l => l.Family != "VectorQuantized").Select(l => new LatentPlan(l, model.Priors.First(p => p.LatentName == l.Name))).ToList();
        // The front end allows a quantised latent only as the model's single latent.
        quantized = model.Latents.Where(l => l.Family == "VectorQuantized").Select(l => new QuantizedLatentPlan(l, model.Priors.First(p => p.LatentName == l.Name))).FirstOrDefault();
        likelihood = new LikelihoodPlan(model.Likelihood, string.Join(", ", model.Input.Shape.Dims));
        if (model.Condition is { } condition)
        {
            if (latents.Any(l => l.PriorTakesEncoder))
            {
                throw new UnsupportedConstructException(condition.Span, "a VampPrior in a conditional model (the pseudo-inputs would need a condition too)");
            }
        }
    }

    // Generated names. Members of the generated class are always referred to through `this.` (or the class name,
    // when static), so no parameter or local can hide one. The generated methods' parameters and locals are fixed
    // words; the only .vae names among them are latents (Decode's parameters, Forward's samples), and the front end
    // refuses a latent named like a parameter of those methods (Identifiers.GeneratedParameterNames). The
    // condition's parameter is always `condition`, as in VaeModule's methods, whatever the .vae file calls it.
    private const string ConditionParameter = "condition";

    /// <summary>The local holding the checked condition in an override, whose parameter is nullable.</summary>
    private const string RequiredCondition = "given";

    private string Name => model.Name;

    /// <summary>The model class in a doc comment's cref: fully qualified, since inside a generated record a model named
    /// like one of the record's members (<c>Equals</c>) would name that member instead.</summary>
    private string ModelCref { get; }

    private string OptionsType => model.Name + "Options";

    private bool IsConditional => model.Condition is not null;

    /// <summary>The decoder reads the input tokens (its first layer is <c>teacher_forcing</c>): Decode takes them,
    /// and reconstructions and samples are decoded token by token.</summary>
    private bool IsTeacherForced => model.Decoder.Layers.Count > 0 && model.Decoder.Layers[0].Kind == "teacher_forcing";

    private bool HasRelaxedLatents => latents.Any(l => l.IsRelaxed);

    /// <summary>The single Normal latent of the model, for which the joint code is the latent itself.</summary>
    private LatentPlan? SingleNormal => latents.Count == 1 && latents[0].IsNormal ? latents[0] : null;

    /// <summary>
    /// True when every latent is Normal: the joint posterior is then one diagonal Normal over the concatenated codes,
    /// on which the total correlation, the importance-weighted bound and the log p(x) estimate are defined (relaxed
    /// discrete latents have no density to weight samples by).
    /// </summary>
    private bool AllNormal => latents.Count > 0 && latents.All(l => l.IsNormal);

    /// <summary>The joint posterior of all (Normal) latents, from an expression of the posterior record; with several
    /// latents it calls the generated <c>Joint</c> helper, so the record expression is evaluated once.</summary>
    private string JointPosterior(string posterior) => SingleNormal is { } single ? $"{posterior}.{single.Pascal}" : $"this.Joint({posterior})";

    /// <summary>The parameter for a joint code of the latents, in lambdas and <c>LogJoint</c>.</summary>
    private const string JointCode = "code";

    public static string Emit(CheckedModel model, string? @namespace, string sourceFileName, IReadOnlyDictionary<int, string>? customLayers = null)
    {
        var emitter = new ModelEmitter(model, @namespace, sourceFileName, customLayers);
        emitter.EmitFile(@namespace);
        return emitter.w.ToString();
    }

    private void EmitFile(string? @namespace)
    {
        w.Lines($"""
            // <auto-generated/>
            // Generated by VaeDsl from {sourceFileName}, model {Name}. Edit the .vae file, not this one.
            #nullable enable

            """);
        if (!string.IsNullOrEmpty(@namespace))
        {
            w.Lines($"""
                namespace {@namespace};

                """);
        }
        EmitOptions();
        w.Line();
        if (quantized is { } q)
        {
            EmitQuantizedPosterior(q);
            w.Line();
            EmitQuantizedOutput(q);
            w.Line();
            EmitLossRecord();
            w.Line();
            EmitQuantizedModule(q);
            return;
        }
        EmitPosterior();
        w.Line();
        EmitOutput();
        w.Line();
        EmitLossRecord();
        w.Line();
        EmitModule();
    }

    // ---------------------------------------------------------------- shared text

    /// <summary>Parameters of a call that takes a batch: <c>Tensor x</c>, plus the condition for a conditional model.</summary>
    private string BatchParameters => IsConditional ? $"{Tensor} x, {Tensor} {ConditionParameter}" : $"{Tensor} x";

    private string BatchArguments => IsConditional ? $"x, {ConditionParameter}" : "x";

    /// <summary>The batch arguments inside an override of <c>VaeModule</c>, whose condition parameter is nullable:
    /// the condition is checked into the local <see cref="RequiredCondition"/> first.</summary>
    private string OverrideBatchArguments => IsConditional ? $"x, {RequiredCondition}" : "x";

    private string ConditionDoc => model.Condition is { Kind: "onehot" } c
        ? $"The class label of each example (condition {Names.Xml(c.Name)}), integers in 0..{c.Size - 1}, shape [batch]."
        : $"The condition vector of each example (condition {Names.Xml(model.Condition!.Name)}), shape [batch, {model.Condition.Size}].";

    private string ConditionFeatures => model.Condition is { Kind: "onehot" } c
        ? $"{Rt}.Conditioning.OneHot({ConditionParameter}, {c.Size})"
        : $"{Rt}.Conditioning.Vector({ConditionParameter}, {model.Condition?.Size})";

    private static string Cat(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count == 1 ? list[0] : $"global::TorchSharp.torch.cat(new[] {{ {string.Join(", ", list)} }}, 1)";
    }

    private static string TypeOf(NumberKind kind) => kind == NumberKind.Int ? "int" : "double";

    private static bool IsOne(Expr expr) => expr is LiteralExpr { Literal: 1.0 };

    private static string Format(Expr expr) => expr is LiteralExpr
        ? ExprEmitter.Literal(expr.Value, expr.Kind)
        : $"{expr} = {expr.Value.ToString("G", CultureInfo.InvariantCulture)}";

    private static string Lower(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
}
