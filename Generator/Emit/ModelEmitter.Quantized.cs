using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

// A model with a quantised latent (VQ-VAE): the encoder's output is quantised at each position and decoded as it is;
// there is no posterior density, so no KL, log p(x) estimate or posterior means, and sampling goes through the prior
// over codes fitted after training.
internal sealed partial class ModelEmitter
{
    private void EmitQuantizedPosterior(QuantizedLatentPlan q)
    {
        w.Lines($$"""
            /// <summary>The quantised encoder output of <see cref="{{ModelCref}}"/>.</summary>
            /// <param name="{{q.Pascal}}">The encoder's output, its nearest codes and their losses: {{Names.Xml(q.Name)}} ~ {{Names.Xml(q.Spec.Family)}}(codes: {{Format(q.Spec.Arguments.First(a => a.Name == "codes").Number!)}}, dim: {{Format(q.Spec.Size)}}).</param>
            {{GeneratedCode}}
            public sealed partial record {{Name}}Posterior({{q.QuantizationType}} {{q.Pascal}});
            """);
    }

    private void EmitQuantizedOutput(QuantizedLatentPlan q)
    {
        w.Lines($$"""
            /// <summary>One pass of <see cref="{{ModelCref}}"/>: the quantisation, the quantised latent and the decoder's output.</summary>
            /// <param name="Posterior">The quantised encoder output.</param>
            /// <param name="{{q.Pascal}}">The quantised {{Names.Xml(q.Name)}} with straight-through gradients, shape [batch, {{string.Join(", ", model.Encoder.OutputShape.Dims)}}].</param>
            /// <param name="{{likelihood.OutputName}}">{{likelihood.OutputDoc}}</param>
            {{GeneratedCode}}
            public sealed partial record {{Name}}Output({{Name}}Posterior Posterior, {{Tensor}} {{q.Pascal}}, {{Tensor}} {{likelihood.OutputName}});
            """);
    }

    private void EmitQuantizedModule(QuantizedLatentPlan q)
    {
        OpenModuleClass("vector-quantised autoencoder");
        var codeShape = string.Join(", ", model.Encoder.OutputShape.Dims);
        w.Lines($$"""
            /// <summary>The shape of one input example (no batch dimension).</summary>
            public static global::System.Collections.Generic.IReadOnlyList<long> DefaultInputShape { get; } = new long[] { {{string.Join(", ", model.Input.Shape.Dims)}} };

            /// <summary>The size of each latent at the .vae defaults, by name: the code dimension of the quantised latent.</summary>
            public static global::System.Collections.Generic.IReadOnlyDictionary<string, long> DefaultLatentSizes { get; } = new global::System.Collections.Generic.Dictionary<string, long> { [{{Names.Quote(q.Name)}}] = {{q.Spec.Size.IntValue}} };

            /// <summary>The shape of one example's quantised latent at the .vae defaults: the code dimension, then the positions quantised.</summary>
            public static global::System.Collections.Generic.IReadOnlyList<long> DefaultCodeShape { get; } = new long[] { {{codeShape}} };

            {{ParameterCountSummary}}
            public const long DefaultParameterCount = {{ParameterCount.Of(model)}};

            private readonly global::TorchSharp.Modules.Sequential encoder;
            private readonly {{q.Type}} {{q.Name}};
            private readonly {{q.PriorType}} {{q.PriorFieldName}};
            private readonly global::TorchSharp.Modules.Sequential decoder;
            private readonly {{likelihood.Type}} likelihood;
            """);
        if (likelihood.LearnedField is { } learnedField) w.Line($"private readonly {learnedField.Type} {learnedField.Name};");
        foreach (var (type, field, _) in ScheduleFields()) w.Line($"private readonly {type} {field};");
        w.Line();

        OpenConstructorWithEncoder(" and a uniform prior over codes");
        w.Line($"{q.Field} = {q.NewQuantizer("o")};");
        w.Line($"var codeShape = {q.Field}.CodeShape(encoderLayers.Shape);");
        w.Line($"{q.PriorField} = new {q.PriorType}({q.Codes("o")}, codeShape);");
        w.Line();
        EmitStack("decoderLayers", "codeShape", model.Decoder);
        w.Line($"decoderLayers.ExpectShape(new long[] {{ {string.Join(", ", model.Likelihood.DecoderShape.Dims)} }}, {Names.Quote("the likelihood " + model.Likelihood.Family)});");
        w.Line("this.decoder = decoderLayers.Build();");
        if (likelihood.LearnedField is { } learned) w.Line($"this.{learned.Name} = {learned.Create};");
        w.Line($"this.likelihood = {likelihood.Create};");
        foreach (var (_, field, create) in ScheduleFields()) w.Line($"this.{field} = {create};");
        w.Line("this.RegisterComponents();");
        w.Close();
        w.Line();

        var local = q.Name;
        w.Lines($$"""
            /// <summary>Encodes a batch and quantises the encoder's output at each position (in training mode, also counting the codes used{{(q.UsesMovingAverages ? " and updating the codebook's moving averages" : "")}}).</summary>
            /// <param name="x">A batch of inputs, shape [batch, {{string.Join(", ", model.Input.Shape.Dims)}}].</param>
            public {{Name}}Posterior Encode({{Tensor}} x) => new {{Name}}Posterior({{q.Field}}.Quantize(this.encoder.forward(x)));

            /// <summary>Decodes quantised latent values into the likelihood's parameters: {{Names.Xml(Lower(likelihood.OutputDoc))}}</summary>
            /// <param name="{{local}}">Values of {{Names.Xml(q.Name)}}, shape [batch, {{codeShape}}]: code vectors, or any vectors of their shape.</param>
            public {{Tensor}} Decode({{Tensor}} {{local}}) => this.decoder.forward({{local}});

            /// <summary>Encodes, quantises and decodes.</summary>
            /// <param name="x">A batch of inputs.</param>
            public {{Name}}Output Forward({{Tensor}} x)
            {
                var posterior = this.Encode(x);
                var {{local}} = posterior.{{q.Pascal}}.Quantized;
                var {{likelihood.OutputLocal}} = this.Decode({{local}});
                return new {{Name}}Output(posterior, {{local}}, {{likelihood.OutputLocal}});
            }

            """);
        EmitLossMethod();
        w.Lines($$"""
            /// <inheritdoc/>
            public override {{Rt}}.LossBreakdown ComputeLoss({{Tensor}} x, {{Tensor}}? condition, {{Rt}}.TrainingProgress progress) => this.Loss(x, progress).ToBreakdown();

            /// <inheritdoc/>
            public override {{Tensor}} Reconstruct({{Tensor}} x, {{Tensor}}? condition = null) => {{likelihood.Mean($"this.Decode(this.Encode(x).{q.Pascal}.Quantized)")}};

            /// <summary>Decodes <paramref name="count"/> code grids drawn from the prior over codes (uniform until <see cref="FitAfterTraining"/> fits it).</summary>
            /// <param name="count">The number of samples.</param>
            /// <param name="condition">Unused: the model has no condition.</param>
            public override {{Tensor}} Sample(long count, {{Tensor}}? condition = null) => {{likelihood.Mean($"this.Decode({q.Field}.Lookup({q.PriorField}.Sample(count)))")}};

            /// <inheritdoc/>
            public override global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, double>> EndTrainingEpoch() => {{q.Field}}.EndEpoch();

            /// <inheritdoc/>
            public override void BeginEvaluation() => {{q.Field}}.BeginEvaluation();

            /// <inheritdoc/>
            public override global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, double>> EndEvaluation() => {{q.Field}}.EndEvaluation();

            /// <inheritdoc/>
            public override global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, long[]>> TrainingCounters() => {{q.Field}}.RestartCounters();

            /// <inheritdoc/>
            public override void RestoreTrainingCounters(global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, long[]>> counters) => {{q.Field}}.RestoreRestartCounters(counters);

            /// <inheritdoc/>
            public override bool FitsAfterTraining => true;

            /// <summary>Fits the prior over codes to the codes the encoder assigns to <paramref name="train"/>.</summary>
            /// <param name="train">The training set.</param>
            /// <param name="batchSize">Examples encoded at once.</param>
            public override void FitAfterTraining({{Rt}}.Data.TensorDataSet train, int batchSize) => {{q.PriorField}}.Fit(train, batchSize, x => this.Encode(x).{{q.Pascal}}.Codes);
            """);
        w.Close();
    }
}
