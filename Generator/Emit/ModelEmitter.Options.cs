using System.Globalization;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private void EmitOptions()
    {
        w.Line($"/// <summary>Hyper-parameters and training settings of <see cref=\"{ModelCref}\"/>. Each default is the value in");
        w.Line($"/// {Names.Xml(sourceFileName)}; override one with <c>new {OptionsType} {{ … }}</c> or <c>with {{ … }}</c>.</summary>");
        w.Line(GeneratedCode);
        w.Open($"public sealed partial record {OptionsType}");
        foreach (var hyper in model.Hypers)
        {
            var summary = hyper.Documentation is { Length: > 0 } doc
                ? Names.Xml(string.Join(" ", doc.Split('\n').Select(l => l.Trim())).Trim())
                : $"Hyper-parameter <c>{Names.Xml(hyper.Name)}</c>.";
            w.Line($"/// <summary>{summary} Default: {Format(hyper.Default)}.</summary>");
            w.Line($"public {TypeOf(hyper.Default.Kind)} {Names.Pascal(hyper.Name)} {{ get; init; }} = {ExprEmitter.Literal(hyper.Default.Value, hyper.Default.Kind)};");
            w.Line();
        }

        var train = model.Train;
        var optimizer = train.Optimizer.Name;
        w.Line("/// <summary>The optimizer.</summary>");
        w.Line($"public {Training}.OptimizerKind Optimizer {{ get; init; }} = {Training}.OptimizerKind.{OptimizerKind(optimizer)};");
        w.Line();
        Setting("The learning rate.", "double", "LearningRate", OptimizerValue("lr", optimizer == "rmsprop" ? 0.01 : 0.001));
        Setting("The weight decay (an L2 penalty; decoupled from the gradient for adamw).", "double", "WeightDecay", OptimizerValue("weight_decay", optimizer == "adamw" ? 0.01 : 0.0));
        if (optimizer is "adam" or "adamw")
        {
            Setting("Adam's decay rate of the first-moment estimate.", "double", "Beta1", OptimizerValue("beta1", 0.9));
            Setting("Adam's decay rate of the second-moment estimate.", "double", "Beta2", OptimizerValue("beta2", 0.999));
        }
        if (optimizer is "adam" or "adamw" or "rmsprop")
        {
            Setting("The term added to the denominator for numerical stability.", "double", "Epsilon", OptimizerValue("eps", 1e-8));
        }
        if (optimizer is "sgd" or "rmsprop")
        {
            Setting("The momentum.", "double", "Momentum", OptimizerValue("momentum", 0.0));
        }
        if (optimizer == "rmsprop")
        {
            Setting("RMSProp's smoothing constant of the squared-gradient average.", "double", "Alpha", OptimizerValue("alpha", 0.99));
        }
        if (optimizer == "sgd")
        {
            var nesterov = train.Optimizer.Arguments.FirstOrDefault(a => a.Name == "nesterov")?.Word == "true";
            w.Line("/// <summary>Use Nesterov momentum.</summary>");
            w.Line($"public bool Nesterov {{ get; init; }} = {(nesterov ? "true" : "false")};");
            w.Line();
        }
        Setting("Examples per mini-batch.", "int", "BatchSize", ValueOf(train.BatchSize, 128));
        Setting("Passes over the training set.", "int", "Epochs", ValueOf(train.Epochs, 10));
        Setting("Seed of the random number generator, for initialisation, shuffling and sampling.", "long", "Seed", ValueOf(train.Seed, 0));
        Setting("Fraction of the training set held out for validation (0 for none).", "double", "Validation", SettingValue("validation", 0));
        Setting("Stop after this many epochs without a lower validation loss (0: never stop early).", "int", "Patience", SettingValue("patience", 0));
        Setting("Largest global gradient norm; larger gradients are scaled down (0: no clipping).", "double", "Clip", SettingValue("clip", 0));
        w.Line("/// <summary>How the learning rate changes over training (null: constant).</summary>");
        w.Line($"public {Training}.Schedules.LearningRateSchedule? LearningRateSchedule {{ get; init; }} = {LearningRateSchedule()};");
        w.Line();
        w.Line("/// <summary>Where the model, its optimiser state and every batch live: cpu, cuda, cuda:N or auto (cuda when there is one).</summary>");
        w.Line($"public string Device {{ get; init; }} = {Names.Quote(train.Settings.FirstOrDefault(a => a.Name == "device")?.Word ?? "cpu")};");
        w.Line();

        w.Line("/// <summary>The training settings as the Runtime's trainer takes them.</summary>");
        w.Line("/// <param name=\"outputDirectory\">Where the trainer writes metrics.jsonl and metrics.csv, or null for nowhere.</param>");
        w.Open($"public {Training}.TrainingOptions ToTrainingOptions(string? outputDirectory = null) => new()");
        w.Line("Optimizer = this.Optimizer,");
        w.Line("LearningRate = this.LearningRate,");
        w.Line("WeightDecay = this.WeightDecay,");
        if (optimizer is "adam" or "adamw")
        {
            w.Line("Beta1 = this.Beta1,");
            w.Line("Beta2 = this.Beta2,");
        }
        if (optimizer is "adam" or "adamw" or "rmsprop") w.Line("Epsilon = this.Epsilon,");
        if (optimizer is "sgd" or "rmsprop") w.Line("Momentum = this.Momentum,");
        if (optimizer == "rmsprop") w.Line("Alpha = this.Alpha,");
        if (optimizer == "sgd") w.Line("Nesterov = this.Nesterov,");
        w.Line("BatchSize = this.BatchSize,");
        w.Line("Epochs = this.Epochs,");
        w.Line("Seed = this.Seed,");
        w.Line("ValidationFraction = this.Validation,");
        w.Line("EarlyStoppingPatience = this.Patience > 0 ? this.Patience : null,");
        w.Line("GradientClipNorm = this.Clip > 0 ? this.Clip : null,");
        w.Line("LearningRateSchedule = this.LearningRateSchedule,");
        w.Line("Device = this.Device,");
        w.Line("OutputDirectory = outputDirectory,");
        w.Close(";");
        w.Close();
    }

    private double OptimizerValue(string name, double fallback) =>
        model.Train.Optimizer.Arguments.FirstOrDefault(a => a.Name == name)?.Number?.Value ?? fallback;

    private double SettingValue(string name, double fallback) =>
        model.Train.Settings.FirstOrDefault(a => a.Name == name)?.Number?.Value ?? fallback;

    private static double ValueOf(Expr? expr, double fallback) => expr?.Value ?? fallback;

    private void Setting(string summary, string type, string name, double value)
    {
        var literal = type == "double" ? ExprEmitter.Literal(value, NumberKind.Float) : ExprEmitter.Literal(value, NumberKind.Int);
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public {type} {name} {{ get; init; }} = {literal};");
        w.Line();
    }

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
