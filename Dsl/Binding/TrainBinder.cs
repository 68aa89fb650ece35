using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds <c>train { … }</c>: optimizer, learning-rate schedule and the scalar settings, defaults filled in.</summary>
internal sealed class TrainBinder(DiagnosticBag diagnostics, ArgumentResolver arguments, SourceText source)
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> Optimizers = new Dictionary<string, IReadOnlyList<ParameterSpec>>
    {
        ["adam"] = Adam(0.0),
        ["adamw"] = Adam(0.01),
        ["sgd"] = new[]
        {
            ParameterSpec.Float("lr", ValueRange.Positive, 1e-3), ParameterSpec.Float("momentum", ValueRange.Probability, 0.0),
            ParameterSpec.Float("weight_decay", ValueRange.NonNegative, 0.0), ParameterSpec.Bool("nesterov", false),
        },
        ["rmsprop"] = new[]
        {
            ParameterSpec.Float("lr", ValueRange.Positive, 1e-2), ParameterSpec.Float("alpha", ValueRange.Probability, 0.99),
            ParameterSpec.Float("eps", ValueRange.Positive, 1e-8), ParameterSpec.Float("momentum", ValueRange.Probability, 0.0),
            ParameterSpec.Float("weight_decay", ValueRange.NonNegative, 0.0),
        },
    };

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterSpec>> LearningRateSchedules = new Dictionary<string, IReadOnlyList<ParameterSpec>>
    {
        ["constant"] = new[] { ParameterSpec.Int("warmup", ValueRange.NonNegative, 0) },
        ["step"] = new[] { ParameterSpec.Int("every", defaultValue: 10), ParameterSpec.Float("gamma", ValueRange.Positive, 0.1), ParameterSpec.Int("warmup", ValueRange.NonNegative, 0) },
        ["cosine"] = new[] { ParameterSpec.Int("warmup", ValueRange.NonNegative, 0), ParameterSpec.Float("min_lr", ValueRange.NonNegative, 0.0) },
        ["warmup"] = new[] { ParameterSpec.Int("epochs", defaultValue: 5) },
    };

    private static readonly ParameterSpec[] Settings =
    {
        new("optimizer", ValueType.Word, WordDefault: "adam", Words: new string[0]),
        ParameterSpec.Int("batch", defaultValue: 128),
        ParameterSpec.Int("epochs", defaultValue: 10),
        ParameterSpec.Int("seed", ValueRange.NonNegative, 0),
        ParameterSpec.Float("validation", ValueRange.Probability, 0.0),
        ParameterSpec.Int("patience", ValueRange.NonNegative, 0),
        ParameterSpec.Float("clip", ValueRange.NonNegative, 0.0),
        new("schedule", ValueType.Word, WordDefault: "constant", Words: new string[0]),
    };

    private static ParameterSpec[] Adam(double weightDecay) => new[]
    {
        ParameterSpec.Float("lr", ValueRange.Positive, 1e-3), ParameterSpec.Float("beta1", ValueRange.Probability, 0.9),
        ParameterSpec.Float("beta2", ValueRange.Probability, 0.999), ParameterSpec.Float("eps", ValueRange.Positive, 1e-8),
        ParameterSpec.Float("weight_decay", ValueRange.NonNegative, weightDecay),
    };

    /// <summary>Binds the train block (or the defaults when there is none); null after an error.</summary>
    public TrainSpec? Bind(TrainSyntax? train, TextRange modelNameRange)
    {
        var errors = diagnostics.ErrorCount;
        var entries = train?.Entries ?? new TrainEntrySyntax[0];
        var span = source.Span(train?.Range ?? modelNameRange);
        var optimizerEntry = entries.FirstOrDefault(e => e.Name == "optimizer");
        var scheduleEntry = entries.FirstOrDefault(e => e.Name == "schedule");
        foreach (var repeated in entries.Where(e => e.Name is "optimizer" or "schedule" && !ReferenceEquals(e, optimizerEntry) && !ReferenceEquals(e, scheduleEntry)))
        {
            diagnostics.Report(DiagnosticDescriptors.DuplicateArgument, repeated.NameRange, repeated.Name, "train");
        }
        var plain = entries
            .Where(e => e.Name is not ("optimizer" or "schedule"))
            .Select(e => new ArgumentSyntax(e.Name, e.NameRange, e.Value, e.Range))
            .ToList();
        var settings = arguments.Resolve("train", Settings, plain, train?.KeywordRange ?? modelNameRange, null);

        OptimizerSpec? optimizer = new OptimizerSpec("adam", DefaultsOf(Optimizers["adam"]), span);
        if (optimizerEntry is not null) optimizer = BindOptimizer(optimizerEntry);

        var schedule = ("constant", (ResolvedArguments?)null);
        if (scheduleEntry is not null)
        {
            var call = CallShape.From(scheduleEntry.Value);
            if (call is null || !LearningRateSchedules.TryGetValue(call.Name, out var specs))
            {
                diagnostics.Report(DiagnosticDescriptors.UnknownFamily, call?.NameRange ?? scheduleEntry.Value.Range, "learning-rate schedule", call?.Name ?? Written(scheduleEntry.Value), Families.List(LearningRateSchedules.Keys));
            }
            else
            {
                schedule = (call.Name, arguments.Resolve(call.Name, specs, call.Arguments, call.NameRange, null));
            }
        }

        if (settings is not null && settings.Number("patience").Value > 0 && settings.Number("validation").Value == 0)
        {
            diagnostics.Report(DiagnosticDescriptors.PatienceWithoutValidation, settings.RangeOf("patience")!.Value, NumberFormat.Of(settings.Number("patience").Value));
        }
        if (diagnostics.ErrorCount != errors || settings is null || optimizer is null) return null;

        var warmup = schedule.Item2?.Arguments.FirstOrDefault(a => a.Name is "warmup" or "epochs")?.Number ?? Int(0);
        var resolvedSettings = new List<Argument>
        {
            settings["validation"],
            settings["patience"],
            settings["clip"],
            new("schedule", null, schedule.Item1 == "warmup" ? "constant" : schedule.Item1),
            new("schedule_warmup", warmup),
            new("schedule_every", schedule.Item2?.Arguments.FirstOrDefault(a => a.Name == "every")?.Number ?? Int(10)),
            new("schedule_gamma", schedule.Item2?.Arguments.FirstOrDefault(a => a.Name == "gamma")?.Number ?? new LiteralExpr(0.1, NumberKind.Float)),
            new("schedule_min_lr", schedule.Item2?.Arguments.FirstOrDefault(a => a.Name == "min_lr")?.Number ?? new LiteralExpr(0.0, NumberKind.Float)),
        };
        return new TrainSpec(optimizer, settings.Number("batch"), settings.Number("epochs"), settings.Number("seed"), resolvedSettings.ToEquatableArray(), span);
    }

    private OptimizerSpec? BindOptimizer(TrainEntrySyntax entry)
    {
        var call = CallShape.From(entry.Value);
        if (call is null || !Optimizers.TryGetValue(call.Name, out var specs))
        {
            diagnostics.Report(DiagnosticDescriptors.UnknownFamily, call?.NameRange ?? entry.Value.Range, "optimizer", call?.Name ?? Written(entry.Value), Families.List(Optimizers.Keys));
            return null;
        }
        var resolved = arguments.Resolve(call.Name, specs, call.Arguments, call.NameRange, null);
        return resolved is null ? null : new OptimizerSpec(call.Name, resolved.ToArray(), source.Span(entry.Value.Range));
    }

    private static EquatableArray<Argument> DefaultsOf(IReadOnlyList<ParameterSpec> specs) =>
        specs.Select(s => s.WordDefault is not null
            ? new Argument(s.Name, null, s.WordDefault)
            : new Argument(s.Name, ParameterSpec.Literal(s.NumberDefault!.Value, s.Type == ValueType.Integer))).ToEquatableArray();

    private static Expr Int(long value) => new LiteralExpr(value, NumberKind.Int);

    private string Written(ExprSyntax syntax) => source.Text.Substring(syntax.Range.Start, syntax.Range.End - syntax.Range.Start);
}
