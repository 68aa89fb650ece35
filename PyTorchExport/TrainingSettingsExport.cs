using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>The model's training settings as the dictionary train.py reads (the values of the generated options
/// record's defaults): optimizer and its arguments, batch, epochs, seed, validation, patience, clip, and the
/// learning-rate schedule as an object of the package's schedules module.</summary>
internal sealed class TrainingSettingsExport
{
    private readonly TrainSpec train;
    private readonly ModuleImports use;

    public TrainingSettingsExport(TrainSpec train, ModuleImports use)
    {
        this.train = train;
        this.use = use;
        if (!SupportedOptimizers.Contains(train.Optimizer.Name))
        {
            throw new ExportRefusedException(train.Optimizer.Span, $"the optimizer '{train.Optimizer.Name}' has no PyTorch export yet");
        }
        var schedule = Setting("schedule")?.Word ?? "constant";
        if (!SupportedLearningRateSchedules.Contains(schedule))
        {
            throw new ExportRefusedException(train.Span, $"the learning-rate schedule '{schedule}' has no PyTorch export yet");
        }
    }

    /// <summary>The catalogue's optimizers and learning-rate schedules that export.</summary>
    public static readonly IReadOnlyCollection<string> SupportedOptimizers = new HashSet<string> { "adam", "adamw", "sgd", "rmsprop" };

    public static readonly IReadOnlyCollection<string> SupportedLearningRateSchedules = new HashSet<string> { "constant", "step", "cosine", "warmup" };

    /// <summary>The training settings train.py honours: every setting of the catalogue's train block.</summary>
    public static readonly IReadOnlyCollection<string> SupportedSettings = new HashSet<string> { "optimizer", "batch", "epochs", "seed", "validation", "patience", "clip", "schedule", "device" };

    private Argument? Setting(string name) => train.Settings.FirstOrDefault(a => a.Name == name);

    private double SettingValue(string name, double fallback) => Setting(name)?.Number?.Value ?? fallback;

    private double OptimizerValue(string name, double fallback) => train.Optimizer.Arguments.FirstOrDefault(a => a.Name == name)?.Number?.Value ?? fallback;

    public void Emit(PythonWriter w)
    {
        var optimizer = train.Optimizer.Name;
        var lr = OptimizerValue("lr", optimizer == "rmsprop" ? 0.01 : 0.001);
        var nesterov = train.Optimizer.Arguments.FirstOrDefault(a => a.Name == "nesterov")?.Word == "true";
        w.Line("settings = {");
        w.Indent();
        w.Line($"\"optimizer\": {PythonText.Quote(optimizer)}, \"lr\": {PythonText.Float(lr)}, \"weight_decay\": {PythonText.Float(OptimizerValue("weight_decay", optimizer == "adamw" ? 0.01 : 0.0))},");
        w.Line($"\"beta1\": {PythonText.Float(OptimizerValue("beta1", 0.9))}, \"beta2\": {PythonText.Float(OptimizerValue("beta2", 0.999))}, \"eps\": {PythonText.Float(OptimizerValue("eps", 1e-8))},");
        w.Line($"\"momentum\": {PythonText.Float(OptimizerValue("momentum", 0.0))}, \"alpha\": {PythonText.Float(OptimizerValue("alpha", 0.99))}, \"nesterov\": {(nesterov ? "True" : "False")},");
        w.Line($"\"batch\": {train.BatchSize.IntValue}, \"epochs\": {train.Epochs.IntValue}, \"seed\": {train.Seed.IntValue},");
        w.Line($"\"validation\": {PythonText.Float(SettingValue("validation", 0))}, \"patience\": {(long)SettingValue("patience", 0)}, \"clip\": {PythonText.Float(SettingValue("clip", 0))},");
        w.Line($"\"schedule\": {Schedule(lr)}, \"device\": {PythonText.Quote(Setting("device")?.Word ?? "cpu")},");
        w.Close();
        w.Line("}");
    }

    private string Schedule(double lr)
    {
        var kind = Setting("schedule")?.Word ?? "constant";
        var warmup = SettingValue("schedule_warmup", 0);
        string? decay = kind switch
        {
            "step" => $"{use.Name("schedules", "StepDecay")}({(long)SettingValue("schedule_every", 10)}, {PythonText.Float(SettingValue("schedule_gamma", 0.1))})",
            "cosine" => $"{use.Name("schedules", "CosineDecay")}({PythonText.Float(SettingValue("schedule_min_lr", 0) / OptimizerValue("lr", 0.001))})",
            _ => null,
        };
        if (warmup > 0)
        {
            return decay is null ? $"{use.Name("schedules", "WarmupThen")}({PythonText.Float(warmup)})" : $"{use.Name("schedules", "WarmupThen")}({PythonText.Float(warmup)}, {decay})";
        }
        return decay ?? "None";
    }
}
