using System.Text;

namespace VaeDsl.Generator.Emit;

/// <summary>Writes C# source with consistent four-space indentation and '\n' line ends, so output is
/// identical on every machine.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder builder = new();
    private int indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            builder.Append(' ', indent * 4);
            builder.Append(text);
        }
        builder.Append('\n');
        return this;
    }

    /// <summary>Writes a multi-line template (a raw string literal, written as the code it produces) line by line at
    /// the current indentation. A hole may hold several lines, each carrying its own indentation relative to the
    /// template (see <see cref="Indented"/>), or <see cref="Nothing"/>, which leaves its line out.</summary>
    public SourceWriter Lines(string template)
    {
        foreach (var line in template.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Trim() == Nothing) continue;
            Line(line.TrimEnd());
        }
        return this;
    }

    /// <summary>What a hole of a <see cref="Lines"/> template holds to leave its line out (an optional line).</summary>
    public const string Nothing = "\u0000";

    /// <summary>The optional line <paramref name="line"/> for a <see cref="Lines"/> template: itself, or
    /// <see cref="Nothing"/> when null.</summary>
    public static string Optional(string? line) => line ?? Nothing;

    /// <summary>Lines joined for a hole of a <see cref="Lines"/> template that stands <paramref name="levels"/> levels
    /// in: the template indents the first, this the others.</summary>
    public static string Indented(System.Collections.Generic.IEnumerable<string> lines, int levels = 1) =>
        string.Join("\n" + new string(' ', levels * 4), lines);

    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        indent--;
        Line("}" + suffix);
        return this;
    }

    public SourceWriter Indent()
    {
        indent++;
        return this;
    }

    public SourceWriter Outdent()
    {
        indent--;
        return this;
    }

    public override string ToString() => builder.ToString();
}
