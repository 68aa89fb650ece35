using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Formatting;

/// <summary>The one layout of a .vae file: two spaces per open brace (and per open bracket on a continued line),
/// one space around <c>= ~ * / %</c> and a custom layer's <c>-></c>, after <c>, :</c> and around braces, none inside brackets or before a call's
/// parenthesis; runs of spaces become one, trailing spaces and repeated blank lines go. Line breaks stay where
/// they are, and every comment is kept as written: a trailing comment keeps its column when the code still fits
/// before it. Formatting a formatted file changes nothing.</summary>
public static class VaeFormatter
{
    /// <summary>The formatted text, or null when the file has a syntax error (its structure is then not known) or
    /// when the result would not be the same tokens and comments in the same order (never expected; a guard).</summary>
    public static string? Format(string text, CancellationToken cancellationToken = default)
    {
        text ??= "";
        var check = VaeCompiler.Compile("format", text, cancellationToken);
        if (check.Diagnostics.Any(d => d.Severity == Severity.Error && d.Id.StartsWith("VAE00", System.StringComparison.Ordinal))) return null;
        var scan = TokenScan.Run(text, cancellationToken);
        var formatted = Layout(text, scan);
        var again = TokenScan.Run(formatted, cancellationToken);
        return Same(text, scan, formatted, again) ? formatted : null;
    }

    private static string Layout(string text, TokenScan scan)
    {
        var tokens = scan.Tokens;
        var comments = scan.Comments;
        var lineBreak = text.Contains("\r\n") ? "\r\n" : "\n";
        var lines = new List<string>();
        var next = 0;          // first token at or after the current line
        var comment = 0;       // first comment ending after the current line's start
        var start = 0;
        while (start <= text.Length)
        {
            var end = SourceText.LineEnd(text, start);
            while (comment < comments.Count && comments[comment].End <= start) comment++;
            var first = next;
            while (next < tokens.Count && tokens[next].Start < end) next++;
            var insideComment = comment < comments.Count && comments[comment].Start < start && comments[comment].End > start;
            string line;
            if (insideComment)
            {
                // A line of a /* */ comment that began above stays as written.
                line = text.Substring(start, end - start).TrimEnd();
            }
            else if (first == next)
            {
                var content = text.Substring(start, end - start).Trim();
                line = content.Length == 0 ? "" : Indent(tokens, first, closing: true) + content;
            }
            else
            {
                line = Code(text, tokens, comments, first, next, end);
            }
            if (line.Length > 0 || (lines.Count > 0 && lines[lines.Count - 1].Length > 0)) lines.Add(line);
            if (end >= text.Length) break;
            start = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        }
        while (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.Count == 0 ? "" : string.Join(lineBreak, lines) + lineBreak;
    }

    /// <summary>One line with tokens: indentation, the tokens with canonical spaces, then any trailing comment.</summary>
    private static string Code(string text, IReadOnlyList<ScannedToken> tokens, IReadOnlyList<TextRange> comments, int first, int next, int end)
    {
        var line = new StringBuilder(Indent(tokens, first, closing: false));
        for (var i = first; i < next; i++)
        {
            if (i > first)
            {
                var gap = text.Substring(tokens[i - 1].End, tokens[i].Start - tokens[i - 1].End);
                // A /* */ comment between two tokens stays with the spaces around it.
                line.Append(gap.Contains("/*") ? gap : IsIndexColon(text, tokens, i - 1) || IsIndexColon(text, tokens, i) ? "" : Space(text, tokens[i - 1], tokens[i], gap.Length > 0));
            }
            line.Append(text, tokens[i].Start, tokens[i].End - tokens[i].Start);
        }
        var last = tokens[next - 1].End;
        var trailing = comments.FirstOrDefault(c => c.Start >= last && c.Start < end);
        if (trailing.End > trailing.Start)
        {
            var lineStart = text.LastIndexOfAny(new[] { '\n', '\r', '\u0085', '\u2028', '\u2029' }, System.Math.Max(0, trailing.Start - 1)) + 1;
            var column = trailing.Start - lineStart;
            line.Append(' ', System.Math.Max(1, column - line.Length));
            line.Append(text.Substring(trailing.Start, end - trailing.Start).TrimEnd());
        }
        return line.ToString().TrimEnd();
    }

    /// <summary>Two spaces per brace and per bracket open before the token; a comment line before a closing
    /// token belongs inside it (<paramref name="closing"/>).</summary>
    private static string Indent(IReadOnlyList<ScannedToken> tokens, int index, bool closing)
    {
        if (index >= tokens.Count) return "";
        var token = tokens[index];
        var braces = token.BraceDepth;
        var brackets = token.Nesting - token.BraceDepth;
        if (closing && token.Kind == TokenKind.CloseBrace) braces++;
        if (closing && token.Kind == TokenKind.CloseBracket) brackets++;
        return new string(' ', 2 * System.Math.Max(0, braces + brackets));
    }

    /// <summary>The ':' of a word with an index, <c>device: cuda:1</c>: a name after a setting's ':' followed by ':'
    /// and an integer, written without spaces.</summary>
    private static bool IsIndexColon(string text, IReadOnlyList<ScannedToken> tokens, int i) =>
        i >= 2 && i + 1 < tokens.Count && Is(text, tokens[i], ":") && tokens[i - 1].Kind == TokenKind.Identifier
        && Is(text, tokens[i - 2], ":") && tokens[i + 1].Kind == TokenKind.Number;

    private static bool Is(string text, ScannedToken token, string symbol) =>
        token.End - token.Start == symbol.Length && string.CompareOrdinal(text, token.Start, symbol, 0, symbol.Length) == 0;

    private static string Space(string text, ScannedToken a, ScannedToken b, bool had)
    {
        var left = text.Substring(a.Start, a.End - a.Start);
        var right = text.Substring(b.Start, b.End - b.Start);
        if (right is "," or ":" or ")" or "]") return "";
        if (left is "(" or "[") return "";
        if (right == "(" && a.Kind == TokenKind.Identifier) return "";
        if (left is "," or ":") return " ";
        // A custom layer's arrow, written "[n] -> [n]": one space on each side, none inside.
        if (left == "-" && right == ">") return "";
        if (right == "-" && b.End < text.Length && text[b.End] == '>' || left == ">") return " ";
        if (right == "[" && (left == ")" || a.Kind == TokenKind.Identifier)) return " ";
        if (left is "=" or "~" or "*" or "/" or "%" or "{" or "}" || right is "=" or "~" or "*" or "/" or "%" or "{" or "}") return " ";
        // 1e-3 and -1 are written without spaces; a + b with them.
        if (left is "+" or "-" || right is "+" or "-") return had ? " " : "";
        return had ? " " : "";
    }

    /// <summary>The same tokens and the same comments, in the same order.</summary>
    private static bool Same(string text, TokenScan scan, string formatted, TokenScan again) =>
        scan.Tokens.Select(t => text.Substring(t.Start, t.End - t.Start)).SequenceEqual(again.Tokens.Select(t => formatted.Substring(t.Start, t.End - t.Start)))
        && scan.Comments.Select(c => Comment(text, c)).SequenceEqual(again.Comments.Select(c => Comment(formatted, c)));

    private static string Comment(string text, TextRange range) => string.Join("\n", text.Substring(range.Start, range.End - range.Start).Split('\n').Select(l => l.TrimEnd('\r', ' ', '\t')));
}
