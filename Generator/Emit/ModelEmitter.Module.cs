using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private void EmitModule()
    {
        OpenModuleClass("variational autoencoder");
        EmitMetadata();
        EmitFields();
        EmitConstructor();
        EmitEncodeDecode();
        EmitForward();
        EmitLossMethod();
        EmitOverrides();
        EmitHelpers();
        w.Close();
    }

    // The model class's documentation (the file's /// comment, or a line naming what it is) and its opening line.
    private void OpenModuleClass(string kind)
    {
        if (model.Documentation is { Length: > 0 } doc)
        {
            w.Line("/// <summary>");
            foreach (var line in doc.Trim().Split('\n'))
            {
                w.Line(("/// " + Names.Xml(line.Trim())).TrimEnd());
            }
            w.Line("/// </summary>");
        }
        else
        {
            w.Line($"/// <summary>The {kind} {Name}, generated from {Names.Xml(sourceFileName)}.</summary>");
        }
        w.Line(GeneratedCode);
        w.Open($"public sealed partial class {Name} : {Rt}.VaeModule<{OptionsType}>");
    }

    // The summary of DefaultParameterCount: a custom layer's parameters are known only to its C#.
    private string ParameterCountSummary =>
        model.CustomLayers().Any()
            ? "/// <summary>The number of trainable parameters at the .vae defaults, without those of the custom layers, which only their C# code knows (<c>ParameterCount</c> of an instance counts them too).</summary>"
            : "/// <summary>The number of trainable parameters at the .vae defaults (what <c>ParameterCount</c> of an instance built with default options returns).</summary>";

    private void EmitMetadata()
    {
        w.Line("/// <summary>The shape of one input example (no batch dimension).</summary>");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<long> DefaultInputShape {{ get; }} = new long[] {{ {string.Join(", ", model.Input.Shape.Dims)} }};");
        w.Line();
        w.Line("/// <summary>The size of each latent at the .vae defaults, by name.</summary>");
        var sizes = string.Join(", ", latents.Select(l => $"[{Names.Quote(l.Name)}] = {l.Spec.Size.IntValue}"));
        w.Line($"public static global::System.Collections.Generic.IReadOnlyDictionary<string, long> DefaultLatentSizes {{ get; }} = new global::System.Collections.Generic.Dictionary<string, long> {{ {sizes} }};");
        w.Line();
        w.Line(ParameterCountSummary);
        w.Line($"public const long DefaultParameterCount = {ParameterCount.Of(model)};");
        w.Line();
        if (model.Condition is { } condition)
        {
            w.Line($"/// <summary>The size of the condition's features ({(condition.Kind == "onehot" ? "classes of the one-hot label" : "length of the condition vector")}).</summary>");
            w.Line($"public const int ConditionSize = {condition.Size};");
            w.Line();
        }
    }

    private void EmitFields()
    {
        // Field names are state_dict keys (encoder.0.weight, z.mean.weight, z_prior.means, likelihood.log_var).
        var latentFields = IsHierarchical
            ? HierarchyFields()
            : latents.SelectMany(l => new[] { $"private readonly {l.HeadType} {l.Name};" }
                .Concat(l.HasFlow ? new[] { $"private readonly {l.FlowType} {l.FlowFieldName};" } : new string[0])
                .Append($"private readonly {l.PriorModuleType} {l.PriorFieldName};"));
        var ownFields = (likelihood.LearnedField is { } learned ? new[] { $"private readonly {learned.Type} {learned.Name};" } : new string[0])
            .Concat(ScheduleFields().Select(f => $"private readonly {f.Type} {f.Field};"));
        w.Lines($$"""
            private readonly global::TorchSharp.Modules.Sequential encoder;
            {{SourceWriter.Indented(latentFields, 0)}}
            private readonly global::TorchSharp.Modules.Sequential decoder;
            private readonly {{likelihood.Type}} likelihood;
            """);
        foreach (var field in ownFields) w.Line(field);
        w.Line();
    }

    /// <summary>Opens the generated constructor, documented as creating the model "with freshly initialised weights"
    /// and what <paramref name="initialised"/> adds, and builds the encoder, which every model starts from.</summary>
    private void OpenConstructorWithEncoder(string initialised = "")
    {
        w.Lines($$"""
            /// <summary>Creates the model with freshly initialised weights{{initialised}}. Call <see cref="{{Rt}}.Seeding.Set"/> first for a reproducible initialisation.</summary>
            /// <param name="options">Hyper-parameters and training settings; null for the .vae defaults.</param>
            /// <exception cref="{{Rt}}.ModelShapeException">An overridden hyper-parameter gives layers that do not fit together.</exception>
            public {{Name}}({{OptionsType}}? options = null) : base({{Names.Quote(Name)}}, options, DefaultInputShape)
            {
                var o = this.Options;

            """);
        w.Indent();
        EmitStack("encoderLayers", string.Join(", ", model.Input.Shape.Dims), model.Encoder);
        w.Line("this.encoder = encoderLayers.Build();");
    }

    private void EmitConstructor()
    {
        OpenConstructorWithEncoder();
        var features = IsConditional ? "encoderLayers.Shape[0] + ConditionSize" : "encoderLayers.Shape[0]";
        var inputShape = string.Join(", ", model.Input.Shape.Dims);
        if (IsHierarchical)
        {
            EmitHierarchyConstruction(inputShape);
        }
        else
        {
            foreach (var latent in latents)
            {
                w.Line($"{latent.Field} = {latent.NewHead(features, "o")};");
                if (latent.HasFlow) w.Line($"{latent.FlowField} = {latent.NewFlow("o", features)};");
                w.Line($"{latent.PriorField} = {latent.NewPriorModule("o", inputShape)};");
            }
        }
        w.Line();
        var decoderInput = string.Join(" + ", DecoderLatents.Select(l => l.Size("o")).Concat(IsConditional ? new[] { "ConditionSize" } : new string[0]));
        EmitStack("decoderLayers", decoderInput, model.Decoder,
            IsTeacherForced ? $"Tokens = new {Rt}.Layers.TokenInput({model.Input.Shape.Dims[0]}, {model.Likelihood.DecoderShape.Dims[model.Likelihood.DecoderShape.Rank - 1]})" : null);
        var needed = string.Join(", ", model.Likelihood.DecoderShape.Dims);
        w.Line($"decoderLayers.ExpectShape(new long[] {{ {needed} }}, {Names.Quote("the likelihood " + model.Likelihood.Family)});");
        w.Line("this.decoder = decoderLayers.Build();");
        if (likelihood.LearnedField is { } learned)
        {
            w.Line($"this.{learned.Name} = {learned.Create};");
        }
        w.Line($"this.likelihood = {likelihood.Create};");
        foreach (var (_, field, create) in ScheduleFields())
        {
            w.Line($"this.{field} = {create};");
        }
        w.Line("this.RegisterComponents();");
        w.Close();
        w.Line();
    }

    /// <summary>Calls per chained statement: a layer list of any length (up to the 100,000 layers the front end
    /// allows) becomes statements of at most this many calls, never one expression whose depth would overflow the
    /// C# compiler's stack.</summary>
    internal const int ChainLength = 32;

    private void EmitStack(string variable, string inputShape, LayerSequence sequence, string? initializer = null)
    {
        var stack = $"new {Rt}.LayerStack({inputShape})" + (initializer is null ? "" : $" {{ {initializer} }}");
        w.Line($"var {variable} = {stack}" + (sequence.Layers.Count == 0 ? ";" : ""));
        EmitChains(variable, sequence.Layers, continuesDeclaration: true);
    }

    /// <summary>Writes the calls of <paramref name="layers"/> on <paramref name="receiver"/>, <see cref="ChainLength"/>
    /// per statement; the first chain continues the line above when <paramref name="continuesDeclaration"/>.</summary>
    private void EmitChains(string receiver, IReadOnlyList<LayerSpec> layers, bool continuesDeclaration)
    {
        for (var start = 0; start < layers.Count; start += ChainLength)
        {
            if (start > 0 || !continuesDeclaration) w.Line(receiver);
            w.Indent();
            var end = System.Math.Min(start + ChainLength, layers.Count);
            for (var i = start; i < end; i++)
            {
                EmitCall(layers[i], last: i == end - 1);
            }
            w.Outdent();
        }
    }

    /// <summary>One call of a chain; a residual whose body is longer than a chain gets a block body of its own chains.</summary>
    private void EmitCall(LayerSpec layer, bool last)
    {
        if (layer.Kind == "residual" && layer.Body is { } body && Count(body) > ChainLength)
        {
            w.Line(".Residual(r =>");
            w.Line("{");
            w.Indent();
            EmitChains("r", body.Layers, continuesDeclaration: false);
            w.Line("return r;");
            w.Outdent();
            w.Line("})" + (last ? ";" : ""));
            return;
        }
        w.Line(LayerCall(layer) + (last ? ";" : ""));
    }

    /// <summary>The layers of a sequence, those of residual bodies included.</summary>
    private static int Count(LayerSequence sequence) => sequence.Layers.Sum(l => 1 + (l.Body is { } body ? Count(body) : 0));

    private string LayerCall(LayerSpec layer)
    {
        if (layer.Kind == "residual" && layer.Body is { } body)
        {
            return $".Residual(r => r{string.Concat(body.Layers.Select(LayerCall))})";
        }
        if (layer.Custom is { } custom)
        {
            return CustomLayerCall(layer, custom);
        }
        if (ConstructCatalog.Find(ConstructKind.Layer, layer.Kind) is not { Runtime: { } runtime } entry)
        {
            throw new UnsupportedConstructException(layer.Span, $"the layer '{layer.Kind}'");
        }
        var method = runtime.Substring(runtime.LastIndexOf('.') + 1);
        if (entry.Variadic)
        {
            return $".{method}({string.Join(", ", layer.Arguments.Select(ArgumentValue))})";
        }
        // Required parameters go by position; the others by name, and only when they differ from the default.
        var args = new List<string>();
        var positional = true;
        foreach (var parameter in entry.Parameters)
        {
            var argument = layer.Arguments.FirstOrDefault(a => a.Name == parameter.Name);
            var optional = !parameter.IsRequired && parameter.DefaultFrom is null;
            if (argument is null || optional && IsDefault(argument, parameter))
            {
                positional = false;
                continue;
            }
            var value = ArgumentValue(argument);
            args.Add(positional && !optional ? value : $"{parameter.RuntimeName}: {value}");
        }
        return $".{method}({string.Join(", ", args)})";
    }

    /// <summary>A custom layer: the module, its declared output (over the received shape's sizes when the file names
    /// them) and where the .vae file declares it, for the Runtime's dry run and its message.</summary>
    private string CustomLayerCall(LayerSpec layer, CustomLayerSpec custom)
    {
        if (!customLayers.TryGetValue(layer.Span.Start, out var creation))
        {
            throw new UnsupportedConstructException(custom.TypeSpan, $"the custom layer '{custom.TypeName}' without a resolved type");
        }
        var output = $"new long[] {{ {string.Join(", ", custom.Output.Select(d => ExprEmitter.Emit(d, "o")))} }}";
        var place = Names.Quote(sourceFileName + layer.Span);
        return custom.InputNames.Count == 0
            ? $".Custom({creation}, {output}, {place})"
            : $".Custom({creation}, {custom.InputNames.Count}, {ExprEmitter.ReceivedShape} => {output}, {place})";
    }

    /// <summary>An argument written as (or left at) the catalogue's default, which the Runtime method has too.</summary>
    private static bool IsDefault(Argument argument, ConstructParameter parameter) =>
        argument.Word is { } word ? word == parameter.WordDefault : argument.Number is LiteralExpr literal && literal.Value == parameter.NumberDefault;

    private static string ArgumentValue(Argument argument)
    {
        if (argument.Number is { } number) return ExprEmitter.Emit(number, "o");
        return argument.Word switch
        {
            "true" => "true",
            "false" => "false",
            null => "default",
            var word => Names.Quote(word),
        };
    }

    /// <summary>Weight schedules of the loss terms, held in fields so they are built once: the catalogue's Runtime type,
    /// constructed with the catalogue's parameters in order (the written value or the default).</summary>
    private IEnumerable<(string Type, string Field, string Create)> ScheduleFields()
    {
        foreach (var term in model.Loss.Terms)
        {
            foreach (var schedule in term.Schedules)
            {
                if (ConstructCatalog.Find(ConstructKind.WeightSchedule, schedule.Kind) is not { Runtime: { } runtime } construct)
                {
                    throw new UnsupportedConstructException(schedule.Span, $"the schedule '{schedule.Kind}'");
                }
                var arguments = construct.Parameters.Select(parameter =>
                {
                    var written = schedule.Arguments.FirstOrDefault(a => a.Name == parameter.Name)?.Number;
                    var integer = parameter.Type == ParameterType.Integer;
                    return written is null
                        ? ExprEmitter.Literal(parameter.NumberDefault!.Value, integer ? NumberKind.Int : NumberKind.Float)
                        : integer ? ExprEmitter.Emit(written, "o") : ExprEmitter.EmitDouble(written, "o");
                });
                yield return ($"{Rt}.{runtime}", Lower(term.Property) + Names.Pascal(schedule.Kind), $"new {Rt}.{runtime}({string.Join(", ", arguments)})");
            }
        }
    }

    private void EmitEncodeDecode()
    {
        if (!IsHierarchical)
        {
            w.Line("/// <summary>Encodes a batch into the parameters of q(z|x).</summary>");
            w.Line($"/// <param name=\"x\">A batch of inputs, shape [batch, {string.Join(", ", model.Input.Shape.Dims)}].</param>");
            if (IsConditional) w.Line($"/// <param name=\"{ConditionParameter}\">{ConditionDoc}</param>");
        }
        var features = IsConditional
            ? $"global::TorchSharp.torch.cat(new[] {{ this.encoder.forward(x), {ConditionFeatures} }}, 1)"
            : "this.encoder.forward(x)";
        if (IsHierarchical)
        {
            EmitHierarchyEncode();
        }
        else if (latents.Count == 1 && !latents[0].FlowReadsContext)
        {
            // The features are used once: no local.
            w.Line($"public {Name}Posterior Encode({BatchParameters}) => new {Name}Posterior({latents[0].PosteriorFrom(features)});");
        }
        else
        {
            w.Lines($$"""
                public {{Name}}Posterior Encode({{BatchParameters}})
                {
                    var features = {{features}};
                    return new {{Name}}Posterior({{string.Join(", ", latents.Select(l => l.PosteriorFrom("features")))}});
                }
                """);
        }
        if (!IsHierarchical) w.Line();

        w.Line($"/// <summary>Decodes latent values into the likelihood's parameters: {Names.Xml(Lower(likelihood.OutputDoc))}</summary>");
        foreach (var latent in DecoderLatents)
        {
            w.Line($"/// <param name=\"{latent.Local}\">Values of {Names.Xml(latent.Name)}, shape [batch, {Names.Xml(Format(latent.Spec.Size))}].</param>");
        }
        if (IsConditional) w.Line($"/// <param name=\"{ConditionParameter}\">{ConditionDoc}</param>");
        if (IsTeacherForced) w.Line($"/// <param name=\"x\">The input tokens, shape [batch, {model.Input.Shape.Dims[0]}]: the decoder reads each position's previous token (teacher forcing).</param>");
        var parameters = DecoderLatents.Select(l => $"{Tensor} {l.Local}").Concat(IsConditional ? new[] { $"{Tensor} {ConditionParameter}" } : new string[0])
            .Concat(IsTeacherForced ? new[] { $"{Tensor} x" } : new string[0]);
        var inputs = DecoderLatents.Select(l => l.Local).Concat(IsConditional ? new[] { ConditionFeatures } : new string[0]).Concat(IsTeacherForced ? new[] { "x" } : new string[0]);
        w.Line($"public {Tensor} Decode({string.Join(", ", parameters)}) => this.decoder.forward({Cat(inputs)});");
        w.Line();
    }

    /// <summary>A call of <c>Decode</c> with the given latent values and, for a conditional model, the condition held in
    /// <paramref name="condition"/>.</summary>
    private string DecodeCall(IEnumerable<string> latentValues, string condition = ConditionParameter, string tokens = "x") =>
        $"this.Decode({string.Join(", ", latentValues.Concat(IsConditional ? new[] { condition } : new string[0]).Concat(IsTeacherForced ? new[] { tokens } : new string[0]))})";

    /// <summary>Statements that decode <paramref name="latentValues"/> (one per latent the decoder reads) token by token
    /// (a teacher-forced decoder) and return the tokens; a value that is already the latent's local is not declared again.</summary>
    private IEnumerable<string> DecodeGreedily(IReadOnlyList<string> latentValues, string condition)
    {
        var read = DecoderLatents;
        for (var i = 0; i < read.Count; i++)
        {
            if (latentValues[i] != read[i].Local) yield return $"var {read[i].Local} = {latentValues[i]};";
        }
        var call = DecodeCall(read.Select(l => l.Local), condition, "tokens");
        yield return $"return {Rt}.Layers.TokenDecoding.Greedy({read[0].Local}, {model.Input.Shape.Dims[0]}, tokens => {call});";
    }

    private void EmitForward()
    {
        if (IsHierarchical)
        {
            EmitHierarchyForward();
            return;
        }
        var progress = HasRelaxedLatents ? $", {Rt}.TrainingProgress? progress = null" : "";
        var samples = latents.Select(l => $"var {l.Local} = {l.Sample("posterior", $"progress ?? {Rt}.TrainingProgress.Evaluation")};");
        w.Lines($$"""
            /// <summary>Encodes, draws one sample of each latent, and decodes.</summary>
            /// <param name="x">A batch of inputs.</param>
            {{SourceWriter.Optional(IsConditional ? $"/// <param name=\"{ConditionParameter}\">{ConditionDoc}</param>" : null)}}
            {{SourceWriter.Optional(HasRelaxedLatents ? "/// <param name=\"progress\">Where training is, for the temperature of relaxed latents; null outside training.</param>" : null)}}
            public {{Name}}Output Forward({{BatchParameters}}{{progress}})
            {
                var posterior = this.Encode({{BatchArguments}});
                {{SourceWriter.Indented(samples, 1)}}
                var {{likelihood.OutputLocal}} = {{DecodeCall(latents.Select(l => l.Value(l.Local)))}};
                return new {{Name}}Output(posterior, {{string.Join(", ", latents.Select(l => l.Local))}}, {{likelihood.OutputLocal}});
            }

            """);
    }

    private void EmitOverrides()
    {
        if (IsHierarchical)
        {
            EmitHierarchyOverrides();
            return;
        }
        var conditionArgument = IsConditional ? $", {Rt}.Conditioning.Required(condition, {Names.Quote(Name)})" : "";
        // An override of a conditional model checks its nullable condition into a local first.
        var given = IsConditional ? new[] { $"var {RequiredCondition} = {Rt}.Conditioning.Required(condition, {Names.Quote(Name)});" } : new string[0];
        // With one latent the posterior is used once and needs no local.
        var posterior = latents.Count == 1 ? $"this.Encode({OverrideBatchArguments})" : "posterior";
        var encode = latents.Count == 1 ? new string[0] : new[] { $"var posterior = this.Encode({OverrideBatchArguments});" };

        if (IsConditional)
        {
            w.Lines("""
                /// <inheritdoc/>
                public override bool UsesCondition => true;

                """);
        }
        w.Lines($$"""
            /// <inheritdoc/>
            public override {{Rt}}.LossBreakdown ComputeLoss({{Tensor}} x, {{Tensor}}? condition, {{Rt}}.TrainingProgress progress) => this.Loss(x{{conditionArgument}}, progress).ToBreakdown();

            """);
        Override($"{Tensor} Reconstruct({Tensor} x, {Tensor}? condition = null)", IsTeacherForced
            ? given.Concat(encode).Concat(DecodeGreedily(latents.Select(l => l.Mean(posterior)).ToList(), RequiredCondition))
            : given.Concat(encode).Append($"return {likelihood.Mean(DecodeCall(latents.Select(l => l.Mean(posterior)), RequiredCondition))};"));
        w.Line();
        Override($"{Tensor} Sample(long count, {Tensor}? condition = null)", IsTeacherForced
            ? given.Concat(DecodeGreedily(latents.Select(l => l.PriorSample("count")).ToList(), RequiredCondition))
            : given.Append($"return {likelihood.Mean(DecodeCall(latents.Select(l => l.PriorSample("count")), RequiredCondition))};"));
        w.Line();
        Override($"{Tensor} PosteriorMean({Tensor} x, {Tensor}? condition = null)",
            given.Append($"return {latents[0].Mean($"this.Encode({OverrideBatchArguments})")};"));
        if (AllNormal)
        {
            w.Line();
            // The posterior is used once, the batch arguments twice (once in the lambda).
            Override($"{Tensor} EstimateLogLikelihood({Tensor} x, {Tensor}? condition, int samples)",
                given.Append($"return {Rt}.Objectives.ImportanceWeighted.EstimateLogLikelihood({JointPosterior($"this.Encode({OverrideBatchArguments})")}, samples, {JointCode} => this.LogJoint({OverrideBatchArguments}, {JointCode}));"));
        }
    }

    /// <summary>An override of a <c>VaeModule</c> method, documented by the base's comment: expression-bodied when its
    /// body is one return statement.</summary>
    private void Override(string signature, IEnumerable<string> statements)
    {
        var body = statements.ToList();
        w.Line("/// <inheritdoc/>");
        if (body.Count == 1 && body[0].StartsWith("return ", System.StringComparison.Ordinal))
        {
            w.Line($"public override {signature} => {body[0].Substring("return ".Length)}");
            return;
        }
        w.Open($"public override {signature}");
        foreach (var statement in body) w.Line(statement);
        w.Close();
    }

    private void EmitHelpers()
    {
        if (IsHierarchical)
        {
            EmitHierarchyHelpers();
        }
        else if (SingleNormal is { } normal)
        {
            w.Line();
            w.Line($"/// <summary>log p(x, {Names.Xml(normal.Name)}) per example: the likelihood of x given the latent plus the latent's prior log-density.</summary>");
            var parameters = $"{BatchParameters}, {Tensor} {JointCode}";
            w.Line($"private {Tensor} LogJoint({parameters}) => {likelihood.LogProb(DecodeCall(new[] { JointCode }), "x")} + {normal.PriorLogProb(JointCode)};");
        }
        else if (AllNormal)
        {
            var names = string.Join(", ", latents.Select(l => Names.Xml(l.Name)));
            w.Line();
            var posteriors = string.Join(", ", latents.Select(l => $"posterior.{l.Pascal}"));
            if (latents.Any(l => l.HasFlow))
            {
                // A flowed part has a density only at its own samples: the joint draws each part with its log-density.
                w.Line($"/// <summary>The joint posterior of {names}, drawing each with its log-density over their concatenated codes.</summary>");
                w.Line($"private {Dist}.JointPosterior Joint({Name}Posterior posterior) => new {Dist}.JointPosterior({posteriors});");
            }
            else
            {
                w.Line($"/// <summary>The joint posterior of {names}: one diagonal Normal over their concatenated codes.</summary>");
                w.Line($"private {Dist}.DiagonalNormal Joint({Name}Posterior posterior) => {Dist}.DiagonalNormal.Concat({posteriors});");
            }
            w.Line();
            w.Line($"/// <summary>log p(x, {names}) per example for a joint code [batch, {string.Join(" + ", latents.Select(l => Names.Xml(Format(l.Spec.Size))))}]: the likelihood of x given the latents plus each latent's prior log-density.</summary>");
            w.Open($"private {Tensor} LogJoint({BatchParameters}, {Tensor} {JointCode})");
            w.Line($"var parts = {JointCode}.split(new long[] {{ {string.Join(", ", latents.Select(l => l.Size("this.Options")))} }}, 1);");
            var parts = latents.Select((l, i) => $"parts[{i}]").ToList();
            w.Line($"return {likelihood.LogProb(DecodeCall(parts), "x")} + {string.Join(" + ", latents.Select((l, i) => l.PriorLogProb(parts[i])))};");
            w.Close();
        }
    }
}
