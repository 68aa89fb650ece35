using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator;

/// <summary>How the type a custom layer names was found in the compilation.</summary>
internal enum CustomTypeOutcome
{
    Found,
    NotFound,
    NotModule,
    Ambiguous,
}

/// <summary>A public constructor's parameter: its name, its type as C# writes it (<c>int</c>, <c>double</c>, …), whether
/// it may be left out, and how a message shows it (<c>double p = 0.5</c>).</summary>
internal sealed record ParameterFacts(string Name, string Type, bool Optional, string Display);

/// <summary>One accessible instance constructor of a custom layer's type.</summary>
internal sealed record ConstructorFacts(EquatableArray<ParameterFacts> Parameters);

/// <summary>What the generator needs to know about the type a custom layer names, taken from the compilation once per
/// change and compared by value, so that an edit of C# code that leaves these facts alone re-emits nothing.
/// <c>Written</c> is the name as the .vae file writes it; <c>FullName</c> the type as generated code names it
/// (<c>global::MyLayers.Gate</c>); <c>Detail</c> what a diagnostic says beyond the outcome.</summary>
internal sealed record CustomTypeFacts(
    string Written,
    CustomTypeOutcome Outcome,
    string FullName,
    string Detail,
    EquatableArray<ConstructorFacts> Constructors);

/// <summary>A checked file with the facts about every custom layer type it names (empty for most files).</summary>
internal sealed record ResolvedFile(CheckedFile File, EquatableArray<CustomTypeFacts> CustomTypes);

/// <summary>Finds the types that custom layers name, the way C# would from the generated class: in the model's namespace
/// first, then in each enclosing namespace, then from the global namespace; the first level where the name exists
/// decides, and two types there (the same full name in two assemblies) are ambiguous.</summary>
internal static class CustomTypes
{
    public static ResolvedFile Resolve(CheckedFile file, string? rootNamespace, Compilation compilation, CancellationToken cancellationToken)
    {
        var written = file.Models
            .SelectMany(m => m.CustomLayers())
            .Select(layer => layer.Custom!.TypeName)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (written.Count == 0) return new ResolvedFile(file, EquatableArray<CustomTypeFacts>.Empty);
        var @namespace = file.Namespace ?? rootNamespace;
        var facts = new List<CustomTypeFacts>();
        foreach (var name in written)
        {
            cancellationToken.ThrowIfCancellationRequested();
            facts.Add(Describe(name, @namespace, compilation));
        }
        return new ResolvedFile(file, facts.ToEquatableArray());
    }

    private static CustomTypeFacts Describe(string written, string? @namespace, Compilation compilation)
    {
        var parts = written.Split('.');
        var scopes = new List<string[]>();
        var enclosing = string.IsNullOrEmpty(@namespace) ? new string[0] : @namespace!.Split('.');
        for (var depth = enclosing.Length; depth >= 0; depth--) scopes.Add(enclosing.Take(depth).Concat(parts).ToArray());
        foreach (var path in scopes)
        {
            var found = Lookup(compilation.GlobalNamespace, path, 0).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default).ToList();
            if (found.Count == 0) continue;
            if (found.Count > 1)
            {
                var where = found.Select(t => $"{t.ToDisplayString()} in {t.ContainingAssembly?.Name}").OrderBy(t => t, StringComparer.Ordinal);
                return Facts(written, CustomTypeOutcome.Ambiguous, "", string.Join(" and ", where));
            }
            return Examine(written, found[0], compilation);
        }
        return Facts(written, CustomTypeOutcome.NotFound, "", string.IsNullOrEmpty(@namespace) ? "" : $" (looked up from the namespace {@namespace}, as the generated class sees it)");
    }

    private static IEnumerable<INamedTypeSymbol> Lookup(INamespaceOrTypeSymbol container, string[] path, int index)
    {
        if (index == path.Length - 1) return container.GetTypeMembers(path[index]).Where(t => t.Arity == 0);
        return container.GetMembers(path[index]).OfType<INamespaceOrTypeSymbol>().SelectMany(inner => Lookup(inner, path, index + 1));
    }

    private static CustomTypeFacts Examine(string written, INamedTypeSymbol type, Compilation compilation)
    {
        var fullName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
        {
            return Facts(written, CustomTypeOutcome.NotFound, fullName, $": {type.ToDisplayString()} exists but the project cannot see it; make it public (or internal, in the project itself)");
        }
        var problem = type.TypeKind != TypeKind.Class ? $"is a{(type.TypeKind == TypeKind.Interface || type.TypeKind == TypeKind.Enum ? "n" : "")} {type.TypeKind.ToString().ToLowerInvariant()}"
            : type.IsStatic ? "is a static class"
            : type.IsAbstract ? "is abstract"
            : !IsTensorModule(type, compilation) ? $"derives from {type.BaseType?.ToDisplayString() ?? "nothing"}, not from a module of one tensor"
            : null;
        if (problem is not null) return Facts(written, CustomTypeOutcome.NotModule, fullName, problem);
        var constructors = type.InstanceConstructors
            .Where(c => compilation.IsSymbolAccessibleWithin(c, compilation.Assembly))
            .Select(c => new ConstructorFacts(c.Parameters.Select(Parameter).ToEquatableArray()))
            .ToEquatableArray();
        return new CustomTypeFacts(written, CustomTypeOutcome.Found, fullName, type.Name, constructors);
    }

    /// <summary>Whether the type derives from <c>TorchSharp.torch.nn.Module&lt;Tensor, Tensor&gt;</c>.</summary>
    private static bool IsTensorModule(INamedTypeSymbol type, Compilation compilation)
    {
        var module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`2");
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        if (module is null || tensor is null) return false;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, module)
                && current.TypeArguments.All(a => SymbolEqualityComparer.Default.Equals(a, tensor)))
            {
                return true;
            }
        }
        return false;
    }

    private static ParameterFacts Parameter(IParameterSymbol parameter)
    {
        var type = parameter.RefKind != RefKind.None || parameter.IsParams ? "" : parameter.Type.SpecialType switch
        {
            SpecialType.System_Int32 => "int",
            SpecialType.System_Int64 => "long",
            SpecialType.System_Single => "float",
            SpecialType.System_Double => "double",
            SpecialType.System_Boolean => "bool",
            _ => "",
        };
        var display = parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + parameter.Name;
        if (parameter.HasExplicitDefaultValue) display += " = " + DefaultText(parameter.ExplicitDefaultValue);
        return new ParameterFacts(parameter.Name, type, parameter.IsOptional || parameter.IsParams, display);
    }

    private static string DefaultText(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static CustomTypeFacts Facts(string written, CustomTypeOutcome outcome, string fullName, string detail) =>
        new(written, outcome, fullName, detail, EquatableArray<ConstructorFacts>.Empty);
}
