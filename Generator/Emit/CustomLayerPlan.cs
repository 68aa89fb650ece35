using System;
using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Model;
using Table = VaeDsl.Dsl.Diagnostics.DiagnosticDescriptors;

namespace VaeDsl.Generator.Emit;

/// <summary>Matches each custom layer of a model to the facts about its type: the type must have been found, be a
/// module of one tensor and have exactly one accessible constructor the layer's arguments fit (positional ones in order,
/// named ones by the parameters' names, every other parameter optional; an integer fits int, long, float and double, a
/// number double and float, true and false bool). The result is the constructor call of each layer, by its position in
/// the file, or a diagnostic at the type's name.</summary>
internal static class CustomLayerPlan
{
    public static IReadOnlyDictionary<int, string> For(CheckedModel model, EquatableArray<CustomTypeFacts> types, List<VaeDiagnostic> diagnostics)
    {
        var creations = new Dictionary<int, string>();
        foreach (var layer in model.CustomLayers())
        {
            var custom = layer.Custom!;
            var facts = types.FirstOrDefault(t => t.Written == custom.TypeName)
                ?? new CustomTypeFacts(custom.TypeName, CustomTypeOutcome.NotFound, "", "", EquatableArray<ConstructorFacts>.Empty);
            switch (facts.Outcome)
            {
                case CustomTypeOutcome.NotFound:
                    diagnostics.Add(Error(Table.CustomTypeNotFound, custom.TypeSpan, custom.TypeName, facts.Detail));
                    continue;
                case CustomTypeOutcome.NotModule:
                    diagnostics.Add(Error(Table.CustomTypeNotModule, custom.TypeSpan, custom.TypeName, facts.Detail));
                    continue;
                case CustomTypeOutcome.Ambiguous:
                    diagnostics.Add(Error(Table.CustomTypeAmbiguous, custom.TypeSpan, custom.TypeName, facts.Detail));
                    continue;
            }
            var fitting = facts.Constructors.Select(c => (Constructor: c, Call: Fit(c, layer.Arguments))).Where(f => f.Call is not null).ToList();
            if (fitting.Count == 1)
            {
                creations[layer.Span.Start] = $"new {facts.FullName}({fitting[0].Call})";
                continue;
            }
            var taking = "(" + string.Join(", ", layer.Arguments.Select(Written)) + ")";
            var constructors = string.Join(", ", (fitting.Count == 0 ? facts.Constructors : fitting.Select(f => f.Constructor))
                .Select(c => facts.Detail + "(" + string.Join(", ", c.Parameters.Select(p => p.Display)) + ")"));
            var what = fitting.Count == 0
                ? facts.Constructors.Count == 0
                    ? $"no public constructor, so it cannot be created from {taking}"
                    : $"no public constructor taking {taking}; it has {constructors}"
                : $"more than one public constructor taking {taking}: {constructors}; name the arguments to choose one";
            diagnostics.Add(Error(Table.CustomConstructorMismatch, custom.TypeSpan, custom.TypeName, what));
        }
        return creations;
    }

    /// <summary>The arguments of the constructor call when the layer's arguments fit <paramref name="constructor"/>, else null.</summary>
    private static string? Fit(ConstructorFacts constructor, EquatableArray<Argument> arguments)
    {
        var parameters = constructor.Parameters;
        var covered = new bool[parameters.Count];
        var written = new List<string>();
        foreach (var argument in arguments)
        {
            var positional = argument.Name.Length > 0 && char.IsDigit(argument.Name[0]);
            var index = positional ? int.Parse(argument.Name, System.Globalization.CultureInfo.InvariantCulture) : IndexOf(parameters, argument.Name);
            if (index < 0 || index >= parameters.Count || covered[index]) return null;
            covered[index] = true;
            var value = Value(argument, parameters[index].Type);
            if (value is null) return null;
            written.Add(positional ? value : $"{parameters[index].Name}: {value}");
        }
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!covered[i] && !parameters[i].Optional) return null;
        }
        return string.Join(", ", written);
    }

    private static int IndexOf(EquatableArray<ParameterFacts> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Name == name) return i;
        }
        return -1;
    }

    /// <summary>The argument as C# for a parameter of <paramref name="type"/>, or null when it does not fit.</summary>
    private static string? Value(Argument argument, string type)
    {
        if (argument.Word is { } word) return type == "bool" ? word : null;
        var number = argument.Number!;
        if (number.Kind == NumberKind.Int)
        {
            return type is "int" or "long" or "float" or "double" ? ExprEmitter.Emit(number, "o") : null;
        }
        return type switch
        {
            "double" => ExprEmitter.EmitDouble(number, "o"),
            "float" => number is LiteralExpr ? ExprEmitter.EmitDouble(number, "o") + "f" : $"(float)({ExprEmitter.Emit(number, "o")})",
            _ => null,
        };
    }

    private static string Written(Argument argument)
    {
        var value = argument.Word ?? argument.Number!.ToString();
        return char.IsDigit(argument.Name[0]) ? value : argument.Name + ": " + value;
    }

    private static VaeDiagnostic Error(Dsl.Diagnostics.DiagnosticDescriptor descriptor, SourceSpan span, params object[] arguments) =>
        new(descriptor.Id, Dsl.Model.Severity.Error, descriptor.Format(arguments), span);
}
