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
