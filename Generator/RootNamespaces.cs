using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace VaeDsl.Generator;

/// <summary>
/// The project's <c>RootNamespace</c> as a C# namespace. The SDK derives it from the project's name, which may be
/// <c>vae-demo</c>, <c>2048</c> or <c>app(1)</c>; like the SDK's own templates, every character that cannot be part
/// of an identifier becomes <c>_</c>, a part that cannot start an identifier gets a leading <c>_</c>, and a part that
/// is a keyword is written verbatim (<c>@class</c>).
/// </summary>
internal static class RootNamespaces
{
    /// <summary>The namespace for <paramref name="value"/>, or null (the global namespace) when it is blank.</summary>
    public static string? Sanitize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return string.Join(".", value!.Trim().Split('.').Select(Part));
    }

    private static string Part(string part)
    {
        var builder = new StringBuilder(part.Length + 1);
        foreach (var c in part)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format ? c : '_');
        }
        if (builder.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(builder[0])) builder.Insert(0, '_');
        var text = builder.ToString();
        return SyntaxFacts.GetKeywordKind(text) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(text) is SyntaxKind.GlobalKeyword
            ? "@" + text
            : text;
    }
}
