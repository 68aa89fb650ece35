using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>
/// Writes one checked model as a PyTorch <c>nn.Module</c>, twin of the TorchSharp module the generator emits for it:
/// the same submodules in the same order (so the same state_dict keys and shapes, and the same initialisation from
/// the same seed), the same loss terms, schedules, sampling, reconstruction and log p(x) estimate, drawing random
/// numbers in the same order. Sizes are the file's values; hyper-parameters that weight loss terms are arguments.
/// </summary>
internal sealed partial class ModelExport
{
    private const string Posterior = "posterior";
    private const string Samples = "samples";

    private readonly CheckedModel model;
    private readonly string sourceFileName;
    private readonly ModuleImports use;
    private readonly PythonWriter w = new();
    private readonly List<LatentExport> latents;
    private readonly QuantizedLatentExport? quantized;
    private readonly LikelihoodExport likelihood;
    private readonly Dictionary<string, string> lossHypers;

    public ModelExport(CheckedModel model, string sourceFileName, ModuleImports use)
    {
        this.model = model;
        this.sourceFileName = sourceFileName;
        this.use = use;
        latents = model.Latents.Where(l => l.Family != QuantizedLatentExport.Family)
            .Select(l => new LatentExport(l, model.Priors.First(p => p.LatentName == l.Name), use)).ToList();
        quantized = model.Latents.Where(l => l.Family == QuantizedLatentExport.Family)
            .Select(l => new QuantizedLatentExport(l, model.Priors.First(p => p.LatentName == l.Name), use)).FirstOrDefault();
        likelihood = new LikelihoodExport(model.Likelihood, model.Input.Shape, use);
        if (model.Condition is { } unknown && !SupportedConditions.Contains(unknown.Kind))
        {
            throw new ExportRefusedException(unknown.Span, $"the condition kind '{unknown.Kind}' has no PyTorch export yet");
        }
        // Hyper-parameters that weight loss terms become the constructor's arguments (they change no shape); the
        // others are the sizes the module is built at, written as numbers.
        var taken = new HashSet<string>(model.Latents.Select(l => l.Name).Concat(new[] { "encoder", "decoder", "likelihood", "log_scale" }));
        lossHypers = model.Loss.Terms.SelectMany(t => PythonText.Hypers(t.Weight)).Distinct()
            .ToDictionary(name => name, name => PythonText.Reserved.Contains(name) || taken.Contains(name) || name.EndsWith("_prior", System.StringComparison.Ordinal) || name.EndsWith("_flow", System.StringComparison.Ordinal) ? name + "_" : name);
        foreach (var term in model.Loss.Terms)
        {
            if (!SupportedTerms.Contains(term.Name))
            {
                throw new ExportRefusedException(term.Span, $"the loss term '{term.Name}' has no PyTorch export yet");
            }
            foreach (var schedule in term.Schedules.Where(s => !SupportedSchedules.Contains(s.Kind)))
            {
                throw new ExportRefusedException(schedule.Span, $"the schedule '{schedule.Kind}' has no PyTorch export yet");
            }
        }
        Settings = new TrainingSettingsExport(model.Train, use);
    }

    /// <summary>The catalogue's condition kinds, loss terms and weight schedules that export.</summary>
    public static readonly IReadOnlyCollection<string> SupportedConditions = new HashSet<string> { "onehot", "vector" };

    public static readonly IReadOnlyCollection<string> SupportedTerms = new HashSet<string> { "recon", "kl", "tc", "mmd", "iwae", "vq" };

    public static readonly IReadOnlyCollection<string> SupportedSchedules = new HashSet<string> { "warmup", "cyclical", "free_bits", "capacity" };

    private TrainingSettingsExport Settings { get; }

    private string Name => model.Name;

    private bool IsConditional => model.Condition is not null;

    /// <summary>The decoder reads the input tokens (teacher_forcing first): decode takes them; reconstructions and samples go token by token.</summary>
    private bool IsTeacherForced => model.Decoder.Layers.Count > 0 && model.Decoder.Layers[0].Kind == "teacher_forcing";

    private bool HasRelaxed => latents.Any(l => l.IsRelaxed);

    private bool AllNormal => latents.Count > 0 && latents.All(l => l.IsNormal);

    private LatentExport? SingleNormal => latents.Count == 1 && latents[0].IsNormal ? latents[0] : null;

    private string InputShape => "(" + string.Join(", ", model.Input.Shape.Dims) + (model.Input.Shape.Rank == 1 ? ",)" : ")");

    public string Emit()
    {
        EmitClass();
        return w.ToString();
    }

    private void EmitClass()
    {
        w.Open($"class {Name}(nn.Module):");
        var doc = model.Documentation is { Length: > 0 } d ? string.Join("\n", d.Trim().Split('\n').Select(l => l.Trim())) : $"The variational autoencoder {Name}.";
        var hypers = string.Join(", ", model.Hypers.Select(h => $"{h.Name} = {PythonText.Literal(h.Default.Value, h.Default.Kind)}"));
        var lines = PythonText.Doc(doc).Split('\n');
        w.Line("\"\"\"" + lines[0]);
        foreach (var line in lines.Skip(1)) w.Line(line);
        w.Line();
        w.Line(PythonText.Doc($"Twin of the TorchSharp module VaeDsl generates from {sourceFileName}: the same state_dict keys, shapes,"));
        w.Line(PythonText.Doc(hypers.Length > 0 ? $"loss terms and random draws. Built at the file's sizes ({hypers}); export again for others." : "loss terms and random draws."));
        w.Line("\"\"\"");
        w.Line();
        w.Line($"input_shape = {InputShape}");
        w.Line(quantized is { } q
            ? $"latent_sizes = {{{PythonText.Quote(q.Name)}: {q.Dim}}}"
            : $"latent_sizes = {{{string.Join(", ", latents.Select(l => $"{PythonText.Quote(l.Name)}: {l.Size}"))}}}");
        if (quantized is not null) w.Line($"code_shape = {CodeShape}");
        w.Line($"uses_condition = {(IsConditional ? "True" : "False")}");
        if (model.Condition is { } condition) w.Line($"condition_size = {condition.Size}");
        Settings.Emit(w);
        w.Line();
        EmitConstructor();
        if (IsConditional) EmitConditionFeatures();
        EmitEncodeDecode();
        EmitForward();
        EmitLoss();
        EmitReconstructAndSample();
        if (AllNormal) EmitLogLikelihood();
        w.Close();
    }

    private void EmitConstructor()
    {
        var parameters = string.Concat(lossHypers.Select(p => $", {p.Value}={Default(p.Key)}"));
        w.Open($"def __init__(self{parameters}):");
        w.Line("super().__init__()");
        foreach (var (hyper, parameter) in lossHypers) w.Line($"self.{parameter} = {parameter}");
        Sequential("encoder", model.Encoder);
        var features = model.Encoder.OutputShape.Dims[0] + (model.Condition?.Size ?? 0);
        if (quantized is { } q)
        {
            w.Line($"{q.Field} = {q.NewQuantizer()}");
            w.Line($"{q.PriorField} = {q.NewPrior("self.code_shape")}");
        }
        else if (model.IsHierarchical)
        {
            EmitHierarchyConstruction(features);
        }
        else
        {
            foreach (var latent in latents)
            {
                w.Line($"self.{latent.Name} = {latent.NewHead(features)}");
                if (latent.NewFlow(features) is { } flow) w.Line($"{latent.FlowField} = {flow}");
                if (latent.NewPrior(InputShape) is { } prior) w.Line($"{latent.PriorField} = {prior}");
            }
        }
        Sequential("decoder", model.Decoder);
        if (likelihood.LearnedField is { } learned) w.Line($"self.{learned.Name} = {learned.Create}");
        foreach (var (field, create) in ScheduleFields()) w.Line($"self.{field} = {create}");
        w.Close();
        w.Line();
    }

    private string Default(string hyper)
    {
        var value = model.Hypers.First(h => h.Name == hyper).Default;
        return PythonText.Literal(value.Value, value.Kind);
    }

    private void Sequential(string name, LayerSequence sequence)
    {
        if (sequence.Layers.Count == 0)
        {
            w.Line($"self.{name} = nn.Sequential()");
            return;
        }
        w.Line($"self.{name} = nn.Sequential(");
        w.Indent();
        LayerEmitter.Sequence(w, sequence.Layers, use, model.Likelihood.DecoderShape.Dims[model.Likelihood.DecoderShape.Rank - 1]);
        w.Close();
        w.Line(")");
    }

    private IEnumerable<(string Field, string Create)> ScheduleFields()
    {
        foreach (var term in model.Loss.Terms)
        {
            foreach (var schedule in term.Schedules)
            {
                string Arg(string name, string fallback, bool asFloat = true) =>
                    schedule.Arguments.FirstOrDefault(a => a.Name == name)?.Number is { } n
                        ? (asFloat ? PythonText.Float(n.Value) : PythonText.Literal(n.Value, NumberKind.Int))
                        : fallback;
                var field = ScheduleField(term, schedule.Kind);
                yield return schedule.Kind switch
                {
                    "warmup" => (field, $"{use.Name("schedules", "Warmup")}({Arg("epochs", "10.0")})"),
                    "cyclical" => (field, $"{use.Name("schedules", "Cyclical")}({Arg("cycles", "4", asFloat: false)}, {Arg("ratio", "0.5")})"),
                    "free_bits" => (field, $"{use.Name("schedules", "FreeBits")}({Arg("nats", "0.5")})"),
                    _ => (field, $"{use.Name("schedules", "Capacity")}({Arg("max", "25.0")}, {Arg("epochs", "100.0")})"),
                };
            }
        }
    }

    private static string ScheduleField(LossTerm term, string kind) => term.Name + "_" + kind;

    private string ConditionArgument => IsConditional ? ", condition" : "";

    private void EmitConditionFeatures()
    {
        var condition = model.Condition!;
        w.Open("def condition_features(self, condition):");
        w.Line(condition.Kind == "onehot"
            ? $"\"\"\"The class labels [B] of condition {PythonText.Doc(condition.Name)} as one-hot features [B, {condition.Size}].\"\"\""
            : $"\"\"\"The condition vector {PythonText.Doc(condition.Name)} [B, {condition.Size}] as float features.\"\"\"");
        w.Open("if condition is None:");
        w.Line($"raise ValueError({PythonText.Quote($"{Name} is a conditional model: pass its condition")})");
        w.Close();
        w.Line(condition.Kind == "onehot"
            ? $"return {use.UseFunctional("F")}.one_hot(condition.long(), {condition.Size}).float()"
            : "return condition.float()");
        w.Close();
        w.Line();
    }

    private void EmitEncodeDecode()
    {
        if (quantized is { } q)
        {
            EmitQuantizedEncodeDecode(q);
            return;
        }
        if (model.IsHierarchical)
        {
            EmitHierarchyEncodeDecode();
            return;
        }
        w.Open("def encode(self, x, condition=None):");
        w.Line("\"\"\"q(z|x) of each latent, by name.\"\"\"");
        w.Line(IsConditional
            ? "features = torch.cat([self.encoder(x), self.condition_features(condition)], 1)"
            : "features = self.encoder(x)");
        w.Line("return {" + string.Join(", ", latents.Select(l => $"{PythonText.Quote(l.Name)}: {l.PosteriorFrom("features")}")) + "}");
        w.Close();
        w.Line();
        var parameters = string.Join(", ", latents.Select(l => l.Name).Concat(IsTeacherForced ? new[] { "x" } : new string[0]));
        w.Open($"def decode(self, {parameters}, condition=None):");
        w.Line($"\"\"\"{PythonText.Doc(likelihood.OutputDoc)}{(IsTeacherForced ? " The decoder reads the tokens x shifted by one position." : "")}\"\"\"");
        var inputs = latents.Select(l => l.Name).Concat(IsConditional ? new[] { "self.condition_features(condition)" } : new string[0])
            .Concat(IsTeacherForced ? new[] { "x" } : new string[0]).ToList();
        w.Line(inputs.Count == 1 ? $"return self.decoder({inputs[0]})" : $"return self.decoder(torch.cat([{string.Join(", ", inputs)}], 1))");
        w.Close();
        w.Line();
    }

    private string DecodeCall(IEnumerable<string> values, string tokens = "x") =>
        $"self.decode({string.Join(", ", values.Concat(IsTeacherForced ? new[] { tokens } : new string[0]))}{ConditionArgument})";

    /// <summary>The latents the decoder reads: all of them, except in a hierarchy, where only the bottom ones (those
    /// inferred from the encoder).</summary>
    private IReadOnlyList<LatentExport> DecoderLatents => model.IsHierarchical ? Roots.ToList() : latents;

    /// <summary>Token-by-token decoding of a teacher-forced decoder at <paramref name="values"/> (one per latent the
    /// decoder reads), returned.</summary>
    /// <summary>The docstring of a method returning the decoder's output at the given codes: the likelihood's mean, or
    /// for a teacher-forced decoder the tokens it decodes greedily.</summary>
    private void DecodedDoc(string at) => w.Line(IsTeacherForced
        ? $"\"\"\"The tokens decoded greedily, position by position, at {at}.\"\"\""
        : $"\"\"\"The likelihood's mean at {at}.\"\"\"");

    /// <summary>Returns the decoder's output at these values of the latents it reads (<see cref="DecoderLatents"/>).</summary>
    private void ReturnDecoded(IReadOnlyList<string> values)
    {
        // A teacher-forced decoder reads its own tokens: reconstructions and samples are decoded greedily, token by token.
        if (IsTeacherForced) DecodeGreedily(values);
        else w.Line($"return {likelihood.Mean(DecodeCall(values))}");
    }

    private void DecodeGreedily(IReadOnlyList<string> values)
    {
        var read = DecoderLatents;
        for (var i = 0; i < read.Count; i++)
        {
            if (values[i] != read[i].Name) w.Line($"{read[i].Name} = {values[i]}");
        }
        w.Line($"return {use.Name("layers", "decode_greedily")}({read[0].Name}, {model.Input.Shape.Dims[0]}, lambda tokens: {DecodeCall(read.Select(l => l.Name), "tokens")})");
    }

    private void EmitForward()
    {
        if (quantized is not null) return;
        if (model.IsHierarchical)
        {
            EmitHierarchyForward();
            return;
        }
        w.Open("def forward(self, x, condition=None, progress=None):");
        w.Line($"\"\"\"Encodes, draws one sample of each latent and decodes: (posterior, samples, {likelihood.OutputLocal}).\"\"\"");
        if (HasRelaxed)
        {
            w.Open("if progress is None:");
            w.Line($"progress = {use.Name("schedules", "Progress")}.evaluation()");
            w.Close();
        }
        w.Line($"{Posterior} = self.encode(x, condition)");
        foreach (var latent in latents) w.Line($"{latent.Name} = {latent.DrawFrom(Posterior, "progress")}");
        w.Line($"{likelihood.OutputLocal} = {DecodeCall(latents.Select(l => l.Value(l.Name)))}");
        w.Line($"return {Posterior}, {{{string.Join(", ", latents.Select(l => $"{PythonText.Quote(l.Name)}: {l.Name}"))}}}, {likelihood.OutputLocal}");
        w.Close();
        w.Line();
    }

    private void EmitLoss()
    {
        w.Open("def loss(self, x, condition=None, progress=None):");
        w.Line("\"\"\"The loss of a batch in nats per example: each term, and the total minimised.\"\"\"");
        if (quantized is null || HasScheduleFields)
        {
            w.Open("if progress is None:");
            w.Line($"progress = {use.Name("schedules", "Progress")}.evaluation()");
            w.Close();
        }
        if (quantized is { } q)
        {
            w.Line($"{QuantizationLocal}, {q.Name}, {likelihood.OutputLocal} = self(x)");
        }
        else if (model.Loss.Terms.Any(t => t.Name != "iwae"))
        {
            w.Line(model.IsHierarchical
                ? $"{Posterior}, {Samples}, {Priors}, {likelihood.OutputLocal} = self(x, condition, progress)"
                : $"{Posterior}, {Samples}, {likelihood.OutputLocal} = self(x, condition, progress)");
        }
        var layerKls = LayerKls();
        foreach (var (name, value) in layerKls) w.Line($"{name} = {value}");
        foreach (var term in model.Loss.Terms) w.Line($"{term.Name} = {TermValue(term)}");
        w.Line($"total = {string.Join(" + ", model.Loss.Terms.Select(Objective))}");
        w.Line("return {\"total\": total, " + string.Join(", ", model.Loss.Terms.Select(t => t.Name).Concat(layerKls.Select(k => k.Name)).Select(t => $"{PythonText.Quote(t)}: {t}")) + "}");
        w.Close();
        w.Line();
    }

    private string JointPosterior(string posterior) => SingleNormal is { } single
        ? single.Posterior(posterior)
        : latents.Any(l => l.HasFlow)
            ? $"{use.Name("flows", "JointPosterior")}([{string.Join(", ", latents.Select(l => l.Posterior(posterior)))}])"
            : $"{use.Name("distributions", "DiagonalNormal")}.cat([{string.Join(", ", latents.Select(l => l.Posterior(posterior)))}])";

    private string JointSample() => Concatenated(latents.Select(l => l.Value(l.Sample(Samples))).ToList());

    private static string Concatenated(IReadOnlyList<string> codes) => codes.Count == 1 ? codes[0] : $"torch.cat([{string.Join(", ", codes)}], 1)";

    private string TermValue(LossTerm term)
    {
        var monteCarlo = term.Method == "monte_carlo";
        switch (term.Name)
        {
            case "recon":
                return likelihood.NegativeLogLikelihood(likelihood.OutputLocal, "x");
            case "kl" when model.IsHierarchical:
                return string.Join(" + ", LayerKls().Select(k => k.Name));
            case "kl":
                if (latents.Count == 1 && latents[0].KlMean(Posterior, Samples, monteCarlo) is { } klMean) return klMean;
                var perExample = latents.Select(l => l.Kl(Posterior, Samples, monteCarlo)).ToList();
                return perExample.Count == 1 ? $"{perExample[0]}.mean()" : $"({string.Join(" + ", perExample)}).mean()";
            case "tc":
                if (!AllNormal) throw new ExportRefusedException(term.Span, "the total correlation of a model with a latent that is not Normal has no PyTorch export");
                return $"{use.Name("objectives", "total_correlation")}({JointSample()}, {JointPosterior(Posterior)}, max(progress.dataset_size, x.shape[0])).mean()";
            case "vq":
                return $"{quantized!.Field}.loss({QuantizationLocal})";
            case "mmd":
                var prior = Concatenated(latents.Select(l => l.PriorSample("x.shape[0]")).ToList());
                var dimensions = latents.Sum(l => l.Size);
                return $"{use.Name("objectives", "mmd_rbf")}({JointSample()}, {prior}, scale={use.UseMath("math")}.sqrt({dimensions} / 2.0))";
            default:
                if (!AllNormal) throw new ExportRefusedException(term.Span, "the importance-weighted bound of a model with a latent that is not Normal has no PyTorch export");
                var k = term.Arguments.FirstOrDefault(a => a.Name == "k")?.Number is { } samples ? PythonText.Literal(samples.Value, NumberKind.Int) : "5";
                if (model.IsHierarchical) return $"-{use.Name("objectives", "path_weighted_bound")}({k}, lambda: self.log_weight(x, *self(x))).mean()";
                return $"-{use.Name("objectives", "importance_weighted_bound")}({JointPosterior("self.encode(x, condition)")}, {k}, lambda code: self.log_joint(x, condition, code)).mean()";
        }
    }

    private string Objective(LossTerm term)
    {
        var factors = new List<string>();
        if (!(term.Weight is LiteralExpr { Literal: 1.0 }))
        {
            factors.Add(PythonText.Expression(term.Weight, name => "self." + lossHypers[name]));
        }
        foreach (var schedule in term.Schedules.Where(s => s.Kind is "warmup" or "cyclical"))
        {
            factors.Add($"self.{ScheduleField(term, schedule.Kind)}.weight(progress)");
        }
        var body = term.Name;
        if (term.Schedules.Any(s => s.Kind == "free_bits"))
        {
            var field = "self." + ScheduleField(term, "free_bits");
            var parts = new List<string>();
            foreach (var latent in latents)
            {
                if (latent.KlPerDimension(Posterior) is { } perDimension) parts.Add($"{field}.apply({perDimension})");
                else parts.Add($"{field}.apply_to_group({latent.Kl(Posterior, Samples, term.Method == "monte_carlo")}, {latent.Size})");
            }
            body = parts.Count == 1 ? parts[0] : "(" + string.Join(" + ", parts) + ")";
        }
        else if (term.Schedules.Any(s => s.Kind == "capacity"))
        {
            body = $"self.{ScheduleField(term, "capacity")}.apply({term.Name}, progress)";
        }
        factors.Add(body);
        return string.Join(" * ", factors);
    }

    private void EmitReconstructAndSample()
    {
        if (quantized is { } q)
        {
            EmitQuantizedReconstructAndSample(q);
            return;
        }
        w.Open("def reconstruct(self, x, condition=None):");
        DecodedDoc("the posterior means of a batch");
        w.Line($"{Posterior} = self.encode(x, condition)");
        ReturnDecoded(DecoderLatents.Select(l => l.Mean(Posterior)).ToList());
        w.Close();
        w.Line();
        w.Open("def sample(self, count, condition=None):");
        if (model.IsHierarchical)
        {
            DecodedDoc("`count` ancestral draws from the priors, the top first");
            EmitAncestralDraws();
            ReturnDecoded(DecoderLatents.Select(l => l.Name).ToList());
        }
        else
        {
            DecodedDoc("`count` draws from the prior");
            ReturnDecoded(latents.Select(l => l.PriorSample("count")).ToList());
        }
        w.Close();
        w.Line();
        w.Open("def posterior_mean(self, x, condition=None):");
        w.Line($"\"\"\"The posterior mean of {PythonText.Doc(latents[0].Name)}, [B, {latents[0].Size}].\"\"\"");
        w.Line($"return {latents[0].Mean("self.encode(x, condition)")}");
        w.Close();
    }

    private void EmitLogLikelihood()
    {
        if (model.IsHierarchical)
        {
            EmitHierarchyLogLikelihood();
            return;
        }
        w.Line();
        w.Open("def log_joint(self, x, condition, code):");
        w.Line("\"\"\"log p(x, z) per example for a code of all latents, [B].\"\"\"");
        if (SingleNormal is { } normal)
        {
            w.Line($"return {likelihood.LogProb(DecodeCall(new[] { "code" }), "x")} + {normal.PriorLogProb("code")}");
        }
        else
        {
            w.Line($"parts = code.split([{string.Join(", ", latents.Select(l => l.Size))}], 1)");
            var parts = latents.Select((l, i) => $"parts[{i}]").ToList();
            w.Line($"return {likelihood.LogProb(DecodeCall(parts), "x")} + {string.Join(" + ", latents.Select((l, i) => l.PriorLogProb(parts[i])))}");
        }
        w.Close();
        w.Line();
        w.Line("@torch.no_grad()");
        w.Open("def log_likelihood(self, x, condition=None, samples=100):");
        w.Line("\"\"\"An importance-sampled estimate of log p(x) per example, [B] (Burda et al., 2016).\"\"\"");
        w.Line($"{Posterior} = self.encode(x, condition)");
        w.Line($"return {use.Name("objectives", "estimate_log_likelihood")}({JointPosterior(Posterior)}, samples, lambda code: self.log_joint(x, condition, code))");
        w.Close();
    }

    internal static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
