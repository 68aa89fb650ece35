using System.Text;

namespace VaeDsl.PyTorchExport;

/// <summary>Writes Python source line by line at an indentation of four spaces per level.</summary>
internal sealed class PythonWriter
{
    private readonly StringBuilder text = new();
    private int depth;

    public void Line(string line = "")
    {
        if (line.Length > 0) text.Append(' ', depth * 4).Append(line);
        text.Append('\n');
    }

    /// <summary>Writes a line ending in a colon (<c>def …:</c>, <c>class …:</c>) and indents what follows.</summary>
    public void Open(string header)
    {
        Line(header);
        depth++;
    }

    public void Close() => depth--;

    public void Indent() => depth++;

    public override string ToString() => text.ToString();
}
