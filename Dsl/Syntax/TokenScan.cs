using System.Collections.Generic;
using System.Text;

namespace VaeDsl.Dsl.Syntax;

internal enum TokenKind
{
    Identifier,
    Number,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Other,
}

/// <summary>A token of the coarse pre-scan. <c>BraceDepth</c> counts only <c>{ }</c> before the token (used for
/// recovery, since braces are more reliably balanced than parentheses); <c>Nesting</c> counts every bracket.</summary>
internal readonly record struct ScannedToken(TokenKind Kind, int Start, int End, int BraceDepth, int Nesting);

/// <summary>A fast hand-written pass over the whole file before Sprache runs: tokens with depths (for recovery and
/// the nesting guard), <c>///</c> documentation attached to the token that follows it, and unterminated comments.</summary>
internal sealed class TokenScan
{
    private TokenScan(List<ScannedToken> tokens, Dictionary<int, string> documentation, int unterminatedCommentStart, List<TextRange> comments)
    {
        Tokens = tokens;
        Comments = comments;
        Documentation = documentation;
        UnterminatedCommentStart = unterminatedCommentStart;
    }

    public IReadOnlyList<ScannedToken> Tokens { get; }

    /// <summary>Every comment (<c>//</c>, <c>///</c> and <c>/* */</c>) in text order, for the formatter, which keeps them all.</summary>
    public IReadOnlyList<TextRange> Comments { get; }

    /// <summary>Documentation text keyed by the start offset of the token it precedes.</summary>
    public IReadOnlyDictionary<int, string> Documentation { get; }

    /// <summary>Offset of a <c>/*</c> that never closes, or -1.</summary>
    public int UnterminatedCommentStart { get; }

    public static TokenScan Run(string text, System.Threading.CancellationToken cancellationToken)
    {
        var tokens = new List<ScannedToken>();
        var comments = new List<TextRange>();
        var documentation = new Dictionary<int, string>();
        var unterminated = -1;
        var pendingDoc = (StringBuilder?)null;
        var braceDepth = 0;
        var nesting = 0;
        var i = 0;
        while (i < text.Length)
        {
            if ((i & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                var lineEnd = SourceText.LineEnd(text, i);
                comments.Add(new TextRange(i, lineEnd));
                if (i + 2 < text.Length && text[i + 2] == '/' && !(i + 3 < text.Length && text[i + 3] == '/'))
                {
                    var content = SafeDocumentation(text.Substring(i + 3, lineEnd - i - 3));
                    if (content.StartsWith(" ", System.StringComparison.Ordinal)) content = content.Substring(1);
                    pendingDoc ??= new StringBuilder();
                    if (pendingDoc.Length > 0) pendingDoc.Append('\n');
                    pendingDoc.Append(content);
                }
                i = lineEnd;
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                if (close < 0)
                {
                    unterminated = i;
                    comments.Add(new TextRange(i, text.Length));
                    break;
                }
                comments.Add(new TextRange(i, close + 2));
                i = close + 2;
                continue;
            }
            var start = i;
            TokenKind kind;
            if (Lexical.IsIdentifierStart(c))
            {
                i++;
                while (i < text.Length && Lexical.IsIdentifierPart(text[i])) i++;
                kind = TokenKind.Identifier;
            }
            else if (c >= '0' && c <= '9')
            {
                i++;
                while (i < text.Length && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) i++;
                kind = TokenKind.Number;
            }
            else
            {
                i++;
                kind = c switch
                {
                    '{' => TokenKind.OpenBrace,
                    '}' => TokenKind.CloseBrace,
                    '(' or '[' => TokenKind.OpenBracket,
                    ')' or ']' => TokenKind.CloseBracket,
                    _ => TokenKind.Other,
                };
            }
            if (kind == TokenKind.CloseBrace) braceDepth--;
            if (kind is TokenKind.CloseBrace or TokenKind.CloseBracket) nesting--;
            tokens.Add(new ScannedToken(kind, start, i, braceDepth, nesting));
            if (kind == TokenKind.OpenBrace) braceDepth++;
            if (kind is TokenKind.OpenBrace or TokenKind.OpenBracket) nesting++;
            if (pendingDoc is not null)
            {
                documentation[start] = pendingDoc.ToString();
                pendingDoc = null;
            }
        }
        return new TokenScan(tokens, documentation, unterminated, comments);
    }

    /// <summary>Documentation ends up in C# comments. A <c>///</c> line already ends at every character C# takes as a
    /// line break; should one get here all the same it becomes '\n', so a generator that prefixes each
    /// '\n'-separated line with /// cannot be tricked into emitting code. Other control characters become spaces.</summary>
    private static string SafeDocumentation(string content)
    {
        var builder = new StringBuilder(content.Length);
        foreach (var c in content)
        {
            if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') builder.Append('\n');
            else if (char.IsControl(c) && c != '\t') builder.Append(' ');
            else builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Index of the first token starting at or after <paramref name="offset"/> (Count when none).</summary>
    public int IndexAtOrAfter(int offset)
    {
        int low = 0, high = Tokens.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (Tokens[mid].Start < offset) low = mid + 1; else high = mid;
        }
        return low;
    }
}
