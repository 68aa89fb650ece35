using System.Globalization;
using Sprache;

namespace VaeDsl.Dsl.Syntax;

/// <summary>A word or symbol read from the text with its range.</summary>
internal readonly record struct Token(string Text, TextRange Range);

/// <summary>Token-level Sprache parsers. Each skips leading whitespace and comments, and on failure reports the
/// position before that trivia, so <c>Named</c> and <c>XOr</c> see a failure that consumed nothing.</summary>
internal static class Lexical
{
    public static int SkipTrivia(string text, int position)
    {
        var i = position;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i = SourceText.LineEnd(text, i);
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    public static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    public static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static readonly string[] NameExpectation = { "a name" };

    /// <summary>An identifier; non-ASCII letters are read here and rejected later with a clear diagnostic.</summary>
    public static readonly Parser<Token> Identifier = input =>
    {
        var cursor = (TextCursor)input;
        var text = cursor.Source;
        var start = SkipTrivia(text, cursor.Position);
        if (start >= text.Length || !IsIdentifierStart(text[start]))
        {
            return Result.Failure<Token>(input, "identifier expected", NameExpectation);
        }
        var end = start + 1;
        while (end < text.Length && IsIdentifierPart(text[end])) end++;
        return Result.Success(new Token(text.Substring(start, end - start), new TextRange(start, end)), cursor.Seek(end));
    };

    /// <summary>A reserved word, matched in place so that trying several keywords allocates nothing.</summary>
    public static Parser<Token> Keyword(string word)
    {
        var message = word + " expected";
        var expectations = new[] { "'" + word + "'" };
        return input =>
        {
            var cursor = (TextCursor)input;
            var text = cursor.Source;
            var start = SkipTrivia(text, cursor.Position);
            var end = start + word.Length;
            if (end > text.Length || string.CompareOrdinal(text, start, word, 0, word.Length) != 0 || (end < text.Length && IsIdentifierPart(text[end])))
            {
                return Result.Failure<Token>(input, message, expectations);
            }
            return Result.Success(new Token(word, new TextRange(start, end)), cursor.Seek(end));
        };
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Parser<Token>> Symbols = new();

    /// <summary>A punctuation symbol. Parsers are cached with their failure message, since the grammar tries
    /// symbols speculatively at almost every token.</summary>
    public static Parser<Token> Symbol(string symbol) => Symbols.GetOrAdd(symbol, CreateSymbol);

    private static Parser<Token> CreateSymbol(string symbol)
    {
        var message = symbol + " expected";
        var expectations = new[] { "'" + symbol + "'" };
        return input =>
        {
            var cursor = (TextCursor)input;
            var text = cursor.Source;
            var start = SkipTrivia(text, cursor.Position);
            if (start + symbol.Length > text.Length || string.CompareOrdinal(text, start, symbol, 0, symbol.Length) != 0)
            {
                return Result.Failure<Token>(input, message, expectations);
            }
            var end = start + symbol.Length;
            return Result.Success(new Token(symbol, new TextRange(start, end)), cursor.Seek(end));
        };
    }

    /// <summary>Integers (<c>400</c>) and floats (<c>0.5</c>, <c>1e-3</c>, <c>2.</c>).</summary>
    public static readonly Parser<NumberSyntax> Number = input =>
    {
        var cursor = (TextCursor)input;
        var text = cursor.Source;
        var start = SkipTrivia(text, cursor.Position);
        var i = start;
        while (i < text.Length && IsDigit(text[i])) i++;
        var isInteger = true;
        if (i < text.Length && text[i] == '.' && (i > start || (i + 1 < text.Length && IsDigit(text[i + 1]))))
        {
            isInteger = false;
            i++;
            while (i < text.Length && IsDigit(text[i])) i++;
        }
        if (i == start) return Result.Failure<NumberSyntax>(input, "number expected", new[] { "a number" });
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            if (j < text.Length && IsDigit(text[j]))
            {
                while (j < text.Length && IsDigit(text[j])) j++;
                i = j;
                isInteger = false;
            }
        }
        var literal = text.Substring(start, i - start);
        // Older frameworks fail on overflow instead of giving infinity; the binder reports it either way.
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) value = double.PositiveInfinity;
        return Result.Success(new NumberSyntax(literal, value, isInteger, new TextRange(start, i)), cursor.Seek(i));
    };

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
