using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private void EmitOptions()
    {
        w.Lines($$"""
            /// <summary>Hyper-parameters and training settings of <see cref="{{ModelCref}}"/>. Each default is the value in
            /// {{Names.Xml(sourceFileName)}}; override one with <c>new {{OptionsType}} { … }</c> or <c>with { … }</c>.</summary>
            {{GeneratedCode}}
            public sealed partial record {{OptionsType}}
            {
            """);
        w.Indent();
        foreach (var hyper in model.Hypers)
        {
            var summary = hyper.Documentation is { Length: > 0 } doc
                ? Names.Xml(string.Join(" ", doc.Split('\n').Select(l => l.Trim())).Trim())
                : $"Hyper-parameter <c>{Names.Xml(hyper.Name)}</c>.";
            w.Lines($$"""
                /// <summary>{{summary}} Default: {{Format(hyper.Default)}}.</summary>
                public {{TypeOf(hyper.Default.Kind)}} {{Names.Pascal(hyper.Name)}} { get; init; } = {{ExprEmitter.Literal(hyper.Default.Value, hyper.Default.Kind)}};

                """);
        }
        // The settings sit in a record of their own, so no hyper-parameter name meets a setting's (alpha, beta1, epochs).
        w.Lines($$"""
            /// <summary>The training settings of the file's <c>train { … }</c> block, as the Runtime's trainer takes them;
            /// change one with <c>options.{{TrainingProperty}} with { Epochs = 5 }</c>.</summary>
            public {{Training}}.TrainingOptions {{TrainingProperty}} { get; init; } = new()
            {
                {{SourceWriter.Indented(TrainingSettings(), 1)}}
            };
            """);
        w.Close();
    }

    private const string TrainingProperty = Dsl.Catalog.ConstructCatalog.TrainingProperty;

    /// <summary>Every setting of the Runtime's TrainingOptions the .vae language sets, with the file's value (or the
    /// catalogue's default), so the generated code says what the file means whatever the Runtime's defaults are.</summary>
    private IEnumerable<string> TrainingSettings()
    {
        var train = model.Train;
        var optimizer = train.Optimizer.Name;
        yield return $"Optimizer = {Training}.OptimizerKind.{OptimizerKind(optimizer)},";
        yield return $"LearningRate = {Float(OptimizerValue("lr", optimizer == "rmsprop" ? 0.01 : 0.001))},";
        yield return $"WeightDecay = {Float(OptimizerValue("weight_decay", optimizer == "adamw" ? 0.01 : 0.0))},";
        if (optimizer is "adam" or "adamw")
        {
            yield return $"Beta1 = {Float(OptimizerValue("beta1", 0.9))},";
            yield return $"Beta2 = {Float(OptimizerValue("beta2", 0.999))},";
        }
        if (optimizer is "adam" or "adamw" or "rmsprop") yield return $"Epsilon = {Float(OptimizerValue("eps", 1e-8))},";
        if (optimizer is "sgd" or "rmsprop") yield return $"Momentum = {Float(OptimizerValue("momentum", 0.0))},";
        if (optimizer == "rmsprop") yield return $"Alpha = {Float(OptimizerValue("alpha", 0.99))},";
        if (optimizer == "sgd")
        {
            var nesterov = train.Optimizer.Arguments.FirstOrDefault(a => a.Name == "nesterov")?.Word == "true";
            yield return $"Nesterov = {(nesterov ? "true" : "false")},";
        }
        yield return $"BatchSize = {Int(ValueOf(train.BatchSize, 128))},";
        yield return $"Epochs = {Int(ValueOf(train.Epochs, 10))},";
        yield return $"Seed = {Int(ValueOf(train.Seed, 0))},";
        yield return $"ValidationFraction = {Float(SettingValue("validation", 0))},";
        var patience = SettingValue("patience", 0);
        yield return $"EarlyStoppingPatience = {(patience > 0 ? Int(patience) : "null")},";
        var clip = SettingValue("clip", 0);
        yield return $"GradientClipNorm = {(clip > 0 ? Float(clip) : "null")},";
        yield return $"LearningRateSchedule = {LearningRateSchedule()},";
        yield return $"Device = {Names.Quote(train.Settings.FirstOrDefault(a => a.Name == "device")?.Word ?? "cpu")},";
    }

    private double OptimizerValue(string name, double fallback) =>
        model.Train.Optimizer.Arguments.FirstOrDefault(a => a.Name == name)?.Number?.Value ?? fallback;

    private double SettingValue(string name, double fallback) =>
        model.Train.Settings.FirstOrDefault(a => a.Name == name)?.Number?.Value ?? fallback;

    private static double ValueOf(Expr? expr, double fallback) => expr?.Value ?? fallback;

    private string LearningRateSchedule()
    {
        var kind = model.Train.Settings.FirstOrDefault(a => a.Name == "schedule")?.Word ?? "constant";
        var warmup = SettingValue("schedule_warmup", 0);
        var schedules = $"{Training}.Schedules.LearningRateSchedule";
        string? decay = kind switch
        {
            "step" => $"{schedules}.Step({Int(SettingValue("schedule_every", 10))}, {Float(SettingValue("schedule_gamma", 0.1))})",
            "cosine" => $"{schedules}.Cosine({Float(SettingValue("schedule_min_lr", 0) / OptimizerValue("lr", 0.001))})",
            _ => null,
        };
        if (warmup > 0)
        {
            return decay is null ? $"{schedules}.Warmup({Float(warmup)})" : $"{schedules}.Warmup({Float(warmup)}, {decay})";
        }
        return decay ?? "null";
    }

    private static string Int(double value) => ExprEmitter.Literal(value, NumberKind.Int);

    private static string Float(double value) => ExprEmitter.Literal(value, NumberKind.Float);

    private static string OptimizerKind(string name) => name switch
    {
        "adamw" => "AdamW",
        "sgd" => "Sgd",
        "rmsprop" => "RmsProp",
        _ => "Adam",
    };
}
