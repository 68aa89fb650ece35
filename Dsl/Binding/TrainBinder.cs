using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Binds <c>train { … }</c>: optimizer, learning-rate schedule and the scalar settings, defaults filled in.</summary>
internal sealed class TrainBinder(DiagnosticBag diagnostics, ArgumentResolver arguments, SourceText source)
{
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
        var settings = arguments.Resolve("train", ConstructCatalog.TrainSettings, plain, train?.KeywordRange ?? modelNameRange, null);

        OptimizerSpec? optimizer = new OptimizerSpec("adam", ArgumentResolver.Defaults(ConstructCatalog.Find(ConstructKind.Optimizer, "adam")!.Parameters), span);
        if (optimizerEntry is not null) optimizer = BindOptimizer(optimizerEntry);

        var schedule = ("constant", (ResolvedArguments?)null);
        if (scheduleEntry is not null)
        {
            var call = CallShape.From(scheduleEntry.Value);
            var construct = call is null ? null : ConstructCatalog.Find(ConstructKind.LearningRateSchedule, call.Name);
            if (call is null || construct is null)
            {
                UnknownConstruct(ConstructKind.LearningRateSchedule, call, scheduleEntry.Value);
            }
            else
            {
                schedule = (call.Name, arguments.Resolve(call.Name, construct.Parameters, call.Arguments, call.NameRange, null));
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
            settings["device"],
        };
        return new TrainSpec(optimizer, settings.Number("batch"), settings.Number("epochs"), settings.Number("seed"), resolvedSettings.ToEquatableArray(), span);
    }

    private OptimizerSpec? BindOptimizer(TrainEntrySyntax entry)
    {
        var call = CallShape.From(entry.Value);
        var construct = call is null ? null : ConstructCatalog.Find(ConstructKind.Optimizer, call.Name);
        if (call is null || construct is null)
        {
            UnknownConstruct(ConstructKind.Optimizer, call, entry.Value);
            return null;
        }
        var resolved = arguments.Resolve(call.Name, construct.Parameters, call.Arguments, call.NameRange, null);
        return resolved is null ? null : new OptimizerSpec(call.Name, resolved.ToArray(), source.Span(entry.Value.Range));
    }

    private void UnknownConstruct(ConstructKind kind, CallShape? call, ExprSyntax value) =>
        diagnostics.Report(DiagnosticDescriptors.UnknownFamily, call?.NameRange ?? value.Range, ConstructCatalog.Describe(kind), call?.Name ?? Written(value),
            WordList.Or(ConstructCatalog.OfKind(kind).Select(c => c.Name)));

    private static Expr Int(long value) => new LiteralExpr(value, NumberKind.Int);

    private string Written(ExprSyntax syntax) => source.Text.Substring(syntax.Range.Start, syntax.Range.End - syntax.Range.Start);
}
