using System.Text;

namespace VaeDsl.Generator.Emit;

/// <summary>Turns .vae names into C# names. The front end has already rejected names that are not safe
/// identifiers, so these functions only change case.</summary>
internal static class Names
{
    /// <summary><c>learning_rate</c> → <c>LearningRate</c>, <c>z</c> → <c>Z</c>.</summary>
    public static string Pascal(string name)
    {
        var result = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return result.Length == 0 ? "_" : result.ToString();
    }

    /// <summary>Escapes text for an XML doc comment: markup characters become entities, and what XML cannot hold (control
    /// characters, a surrogate without its pair, U+FFFE and U+FFFF) becomes U+FFFD, so the comment is well-formed (CS1570).</summary>
    public static string Xml(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
                continue;
            }
            switch (c)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '\t': result.Append(c); break;
                // Line breaks to C# (and editors) that are not control characters: a comment line must not end early.
                case '\u0085' or '\u2028' or '\u2029': result.Append(' '); break;
                default:
                    result.Append(c < ' ' || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' ? '\uFFFD' : c);
                    break;
            }
        }
        return result.ToString();
    }

    /// <summary>A C# string literal.</summary>
    public static string Quote(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': result.Append("\\\""); break;
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) result.Append("\\u").Append(((int)c).ToString("x4"));
                    else result.Append(c);
                    break;
            }
        }
        return result.Append('"').ToString();
    }
}
