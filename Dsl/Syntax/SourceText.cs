using System.Collections.Generic;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Dsl.Syntax;

/// <summary>The text of one file with its line starts, so offsets become zero-based line/column spans. Lines
/// break where C# and editors break them: at <c>\n</c>, <c>\r</c>, <c>\r\n</c>, U+0085, U+2028 and U+2029.</summary>
internal sealed class SourceText
{
    private readonly int[] lineStarts;
    private int[]? firstNonWhitespace;

    public SourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsLineBreak(text[i])) continue;
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            starts.Add(i + 1);
        }
        lineStarts = starts.ToArray();
    }

    public string Text { get; }

    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Offset of the first line break at or after <paramref name="offset"/>, or the text's length.</summary>
    public static int LineEnd(string text, int offset)
    {
        while (offset < text.Length && !IsLineBreak(text[offset])) offset++;
        return offset;
    }

    public (int Line, int Column) LineColumn(int offset)
    {
        if (offset < 0) offset = 0;
        if (offset > Text.Length) offset = Text.Length;
        var low = 0;
        var high = lineStarts.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (lineStarts[mid] <= offset) low = mid; else high = mid - 1;
        }
        return (low, offset - lineStarts[low]);
    }

    /// <summary>The offset of a zero-based line and column, clamped to the line and the text.</summary>
    public int Offset(int line, int column)
    {
        if (line < 0) return 0;
        if (line >= lineStarts.Length) return Text.Length;
        return System.Math.Min(lineStarts[line] + System.Math.Max(0, column), LineEnd(Text, lineStarts[line]));
    }

    /// <summary>Whether only whitespace precedes <paramref name="offset"/> on its line (constant time, since
    /// recovery asks this for many tokens of possibly very long lines).</summary>
    public bool IsFirstOnLine(int offset)
    {
        if (firstNonWhitespace is null)
        {
            firstNonWhitespace = new int[lineStarts.Length];
            for (var line = 0; line < lineStarts.Length; line++)
            {
                var i = lineStarts[line];
                while (i < Text.Length && !IsLineBreak(Text[i]) && char.IsWhiteSpace(Text[i])) i++;
                firstNonWhitespace[line] = i;
            }
        }
        return firstNonWhitespace[LineColumn(offset).Line] == offset;
    }

    public SourceSpan Span(TextRange range)
    {
        var start = range.Start < 0 ? 0 : range.Start > Text.Length ? Text.Length : range.Start;
        var end = range.End < start ? start : range.End > Text.Length ? Text.Length : range.End;
        var (startLine, startColumn) = LineColumn(start);
        var (endLine, endColumn) = LineColumn(end);
        return new SourceSpan(start, end - start, startLine, startColumn, endLine, endColumn);
    }
}
