using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator;

/// <summary>One model of the project as the generator will declare it: the file, the namespace and the name.</summary>
internal sealed record ModelDeclaration(string Path, string? Namespace, string Name, SourceSpan NameSpan)
{
    public string FullName => string.IsNullOrEmpty(Namespace) ? Name : Namespace + "." + Name;

    /// <summary>The types generated for the model, as <c>ModelEmitter</c> names them.</summary>
    public IEnumerable<(string Type, string What)> Types => new[]
    {
        (Name, "class"), (Name + "Options", "options record"), (Name + "Posterior", "posterior record"),
        (Name + "Output", "output record"), (Name + "Loss", "loss record"),
    };

    public string Where => $"{System.IO.Path.GetFileName(Path)}{NameSpan}";
}

/// <summary>
/// What only the whole project can tell: Roslyn wants hint names unique ignoring case, so models whose full names differ
/// only in case (<c>Vae</c> and <c>VAE</c>) get distinct hint names; a model declared twice (the same full name, in one
/// file or two) is an error at every declaration and none of them is generated; a model named like a type generated
/// for another model of its namespace (<c>VaeLoss</c> beside <c>Vae</c>) is an error at its name. The rest of the
/// project is generated as usual.
/// </summary>
internal sealed record ProjectModels(EquatableArray<HintAssignment> Hints, EquatableArray<PlacedDiagnostic> Diagnostics)
{
    public static ProjectModels Plan(IEnumerable<ModelDeclaration> all)
    {
        var declarations = all.OrderBy(d => d.FullName, StringComparer.Ordinal).ThenBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.NameSpan.Start).ToList();
        var diagnostics = new List<PlacedDiagnostic>();
        var refused = new HashSet<ModelDeclaration>();

        foreach (var duplicate in declarations.GroupBy(d => d.FullName, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var declaration in duplicate)
            {
                var others = string.Join(", ", duplicate.Where(d => d != declaration).Select(d => d.Where));
                var message = DiagnosticDescriptors.DuplicateName.Format("model", declaration.FullName) + " (also at " + others + ")";
                diagnostics.Add(new PlacedDiagnostic(declaration.Path, new VaeDiagnostic(DiagnosticDescriptors.DuplicateName.Id, Severity.Error, message, declaration.NameSpan)));
                refused.Add(declaration);
            }
        }

        var types = new Dictionary<string, (ModelDeclaration Owner, string What)>(StringComparer.Ordinal);
        foreach (var declaration in declarations.Where(d => !refused.Contains(d)))
        {
            foreach (var (type, what) in declaration.Types.Skip(1))
            {
                types[Qualified(declaration.Namespace, type)] = (declaration, what);
            }
        }
        foreach (var declaration in declarations.Where(d => !refused.Contains(d)))
        {
            if (types.TryGetValue(declaration.FullName, out var owner) && owner.Owner != declaration)
            {
                var reason = $"it is the name of the {owner.What} generated for model {owner.Owner.Name} ({owner.Owner.Where}); rename one of the models";
                var message = DiagnosticDescriptors.UnsafeIdentifier.Format(declaration.Name, "model", reason);
                diagnostics.Add(new PlacedDiagnostic(declaration.Path, new VaeDiagnostic(DiagnosticDescriptors.UnsafeIdentifier.Id, Severity.Error, message, declaration.NameSpan)));
                refused.Add(declaration);
            }
        }

        var hints = new List<HintAssignment>();
        foreach (var group in declarations.Where(d => !refused.Contains(d)).GroupBy(d => d.FullName, StringComparer.OrdinalIgnoreCase))
        {
            var number = 1;
            foreach (var declaration in group)
            {
                var hint = declaration.FullName.Replace("@", "") + (number == 1 ? "" : "." + number) + ".g.cs";
                hints.Add(new HintAssignment(declaration.Path, declaration.FullName, declaration.NameSpan.Start, hint));
                number++;
            }
        }
        return new ProjectModels(hints.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>The hint name of a model, or null when the model is refused.</summary>
    public string? HintFor(string path, ModelDeclaration declaration) =>
        Hints.FirstOrDefault(h => h.Path == path && h.FullName == declaration.FullName && h.Start == declaration.NameSpan.Start)?.HintName;

    private static string Qualified(string? @namespace, string type) => string.IsNullOrEmpty(@namespace) ? type : @namespace + "." + type;
}

/// <summary>The hint name given to the model of <c>FullName</c> declared at <c>Start</c> in <c>Path</c>.</summary>
internal sealed record HintAssignment(string Path, string FullName, int Start, string HintName);

/// <summary>A diagnostic and the file it belongs to.</summary>
internal sealed record PlacedDiagnostic(string Path, VaeDiagnostic Diagnostic);
