using System.Collections.Generic;
using System.Threading;
using Sprache;
using VaeDsl.Dsl.Diagnostics;

namespace VaeDsl.Dsl.Syntax;

/// <summary>Drives the Sprache grammar over a whole file and recovers from errors at member and model
/// boundaries, so independent mistakes are all reported and one mistake is reported once.</summary>
internal sealed class SyntaxParser
{
    /// <summary>Bracket nesting allowed before parsing is refused (keeps recursion far from the stack limit).</summary>
    public const int MaxNesting = 64;

    /// <summary>Entry of <c>ModelSyntax.FailedMembers</c> for a model cut short: any section may be missing.</summary>
    public const string TruncatedMarker = "}";

    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;
    private readonly CancellationToken cancellationToken;
    private readonly TokenScan scan;
    private readonly Grammar grammar;

    private SyntaxParser(SourceText source, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        this.source = source;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
        scan = TokenScan.Run(source.Text, cancellationToken);
        grammar = new Grammar(source, scan.Documentation);
    }

    public static FileSyntax Parse(SourceText source, DiagnosticBag diagnostics, CancellationToken cancellationToken) =>
        new SyntaxParser(source, diagnostics, cancellationToken).ParseFile();

    private string Text => source.Text;

    private FileSyntax ParseFile()
    {
        if (scan.UnterminatedCommentStart >= 0)
        {
            diagnostics.Report(DiagnosticDescriptors.UnterminatedComment, new TextRange(scan.UnterminatedCommentStart, scan.UnterminatedCommentStart + 2));
        }

        string? namespaceName = null;
        var namespaceRange = default(TextRange);
        var blocks = new List<BlockSyntax>();
        var models = new List<ModelSyntax>();
        var sawDeclaration = false;
        var position = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            position = Lexical.SkipTrivia(Text, position);
            if (position >= Text.Length) break;
            var keyword = Lexical.Identifier(Cursor(position));
            var word = keyword.WasSuccessful ? keyword.Value.Text : null;
            if (word == "namespace")
            {
                var parsed = ParseNamespace(keyword.Value, keyword.Remainder);
                if (parsed.WasSuccessful)
                {
                    if (sawDeclaration || namespaceName is not null)
                    {
                        diagnostics.Report(DiagnosticDescriptors.NamespaceNotFirst, keyword.Value.Range);
                    }
                    else
                    {
                        namespaceName = parsed.Value.Text;
                        namespaceRange = parsed.Value.Range;
                    }
                    position = parsed.Remainder.Position;
                }
                else
                {
                    ReportSyntaxError(parsed);
                    position = RecoverAtTopLevel(parsed.Remainder.Position, keyword.Value.Range.Start);
                }
                sawDeclaration = true;
                continue;
            }
            if (word is "model" or "block")
            {
                sawDeclaration = true;
                var chunkEnd = ChunkEnd(position);
                if (TooDeep(position, chunkEnd))
                {
                    position = chunkEnd;
                    continue;
                }
                var declarationStart = position;
                if (word == "model")
                {
                    var model = ParseModel(keyword.Value, keyword.Remainder, out position);
                    if (model is not null) models.Add(model);
                }
                else
                {
                    var block = grammar.ParseBlock(keyword.Value, keyword.Remainder);
                    if (block.WasSuccessful)
                    {
                        blocks.Add(block.Value);
                        position = block.Remainder.Position;
                    }
                    else
                    {
                        ReportSyntaxError(block);
                        position = RecoverAtTopLevel(block.Remainder.Position, keyword.Value.Range.Start);
                    }
                }
                // Only declarations get this check: skipped garbage already has its one syntax error.
                ReportNonAsciiIdentifiers(declarationStart, position);
                continue;
            }
            var failure = Result.Failure<object>(Cursor(position), "", new[] { "'model', 'block' or 'namespace'" });
            ReportSyntaxError(failure);
            position = RecoverAtTopLevel(position, position);
        }
        return new FileSyntax(namespaceName, namespaceRange, blocks, models);
    }

    private IResult<Token> ParseNamespace(Token keyword, IInput rest)
    {
        var first = Lexical.Identifier(rest);
        if (!first.WasSuccessful) return first;
        var end = first.Value.Range.End;
        rest = first.Remainder;
        while (true)
        {
            // Dots must touch the names: "A.B", not "A . B"; so the name is the text from the first part to the last.
            if (rest.Position >= Text.Length || Text[rest.Position] != '.') break;
            var part = Lexical.Identifier(Cursor(rest.Position + 1));
            if (!part.WasSuccessful || part.Value.Range.Start != rest.Position + 1) return Result.Failure<Token>(Cursor(rest.Position + 1), "", new[] { "a name" });
            end = part.Value.Range.End;
            rest = part.Remainder;
        }
        var start = first.Value.Range.Start;
        return Result.Success(new Token(Text.Substring(start, end - start), new TextRange(start, end)), rest);
    }

    private ModelSyntax? ParseModel(Token keyword, IInput afterKeyword, out int next)
    {
        var documentation = grammar.DocumentationAt(keyword.Range.Start);
        var name = Lexical.Identifier(afterKeyword);
        var open = name.WasSuccessful ? Lexical.Symbol("{")(name.Remainder) : null;
        if (!name.WasSuccessful || open is null || !open.WasSuccessful)
        {
            if (!name.WasSuccessful) ReportSyntaxError(name); else ReportSyntaxError(open!);
            next = ChunkEnd(keyword.Range.Start);
            return null;
        }
        var bodyDepth = scan.Tokens[scan.IndexAtOrAfter(open.Value.Range.Start)].BraceDepth + 1;
        var members = new List<MemberSyntax>();
        var failed = new List<string>();
        var partialHypers = new List<string>();
        var position = open.Remainder.Position;
        var end = position;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            position = Lexical.SkipTrivia(Text, position);
            if (position >= Text.Length)
            {
                ReportSyntaxError(Result.Failure<object>(Cursor(position), "", new[] { $"'}}' to close model {name.Value.Text}" }));
                failed.Add(TruncatedMarker);
                end = position;
                break;
            }
            if (Text[position] == '}')
            {
                position++;
                end = position;
                break;
            }
            var word = Lexical.Identifier(Cursor(position));
            if (word.WasSuccessful && word.Value.Text == "model" && source.IsFirstOnLine(position))
            {
                ReportSyntaxError(Result.Failure<object>(Cursor(position), "", new[] { $"'}}' to close model {name.Value.Text}" }));
                failed.Add(TruncatedMarker);
                end = position;
                break;
            }
            var member = grammar.Member(Cursor(position));
            if (member.WasSuccessful)
            {
                members.Add(member.Value);
                position = member.Remainder.Position;
            }
            else
            {
                ReportSyntaxError(member);
                failed.Add(word.WasSuccessful ? word.Value.Text : "");
                var memberStart = position;
                position = RecoverInModel(member.Remainder.Position, position, bodyDepth, failed);
                // Also for a member that is not a hyper line: "hyper a = 1 b = 2" fails at "b = 2".
                partialHypers.AddRange(DefinedNames(memberStart, position));
            }
        }
        next = position;
        return new ModelSyntax(name.Value.Text, name.Value.Range, documentation, members, failed, new TextRange(keyword.Range.Start, end))
        {
            PartialHyperNames = partialHypers,
        };
    }

    /// <summary>After a failed member, the next place worth parsing: a member keyword starting a line, the model's
    /// closing brace, or a following model.</summary>
    /// <remarks>Member keywords skipped on the way (several members on one line) are added to
    /// <paramref name="skipped"/>, so their sections are not also reported as missing.</remarks>
    private int RecoverInModel(int failure, int memberStart, int bodyDepth, List<string> skipped)
    {
        // Resume after the failure, but never at the failed member's own keyword.
        var index = scan.IndexAtOrAfter(System.Math.Max(Lexical.SkipTrivia(Text, failure), memberStart));
        if (index < scan.Tokens.Count && scan.Tokens[index].Start == memberStart) index++;
        for (; index < scan.Tokens.Count; index++)
        {
            var token = scan.Tokens[index];
            if (token.Kind == TokenKind.CloseBrace && token.BraceDepth == bodyDepth - 1) return token.Start;
            if (token.Kind != TokenKind.Identifier || token.BraceDepth < bodyDepth) continue;
            var word = Text.Substring(token.Start, token.End - token.Start);
            if (!Grammar.MemberKeywords.Contains(word) && word != "model") continue;
            if (source.IsFirstOnLine(token.Start)) return token.Start;
            if (token.BraceDepth == bodyDepth) skipped.Add(word);
        }
        return Text.Length;
    }

    /// <summary>The names written as <c>name =</c> between two offsets: what a member with a syntax error (a
    /// <c>hyper</c> line, or the rest of one) was defining, so that their uses are not also reported as unknown names.</summary>
    private IEnumerable<string> DefinedNames(int start, int end)
    {
        for (var index = scan.IndexAtOrAfter(start); index + 1 < scan.Tokens.Count && scan.Tokens[index + 1].Start < end; index++)
        {
            var (token, next) = (scan.Tokens[index], scan.Tokens[index + 1]);
            if (token.Kind == TokenKind.Identifier && next.End - next.Start == 1 && Text[next.Start] == '=')
            {
                yield return Text.Substring(token.Start, token.End - token.Start);
            }
        }
    }

    /// <summary>After a failed top-level declaration: the next 'model', 'block' or 'namespace' starting a line.</summary>
    private int RecoverAtTopLevel(int failure, int declarationStart)
    {
        var index = System.Math.Max(scan.IndexAtOrAfter(Lexical.SkipTrivia(Text, failure)), scan.IndexAtOrAfter(declarationStart) + 1);
        for (; index < scan.Tokens.Count; index++)
        {
            var token = scan.Tokens[index];
            if (token.Kind != TokenKind.Identifier || !source.IsFirstOnLine(token.Start)) continue;
            var word = Text.Substring(token.Start, token.End - token.Start);
            if (word is "model" or "block" or "namespace") return token.Start;
        }
        return Text.Length;
    }

    /// <summary>End of the declaration starting at <paramref name="start"/>: just after the brace matching its first '{'.</summary>
    private int ChunkEnd(int start)
    {
        var index = scan.IndexAtOrAfter(start);
        var openDepth = -1;
        for (; index < scan.Tokens.Count; index++)
        {
            var token = scan.Tokens[index];
            if (openDepth < 0)
            {
                if (token.Kind == TokenKind.OpenBrace) openDepth = token.BraceDepth;
                else if (index > scan.IndexAtOrAfter(start) && token.Kind == TokenKind.Identifier && source.IsFirstOnLine(token.Start)) return token.Start;
            }
            else if (token.Kind == TokenKind.CloseBrace && token.BraceDepth == openDepth)
            {
                return token.End;
            }
        }
        return Text.Length;
    }

    private bool TooDeep(int start, int end)
    {
        var index = scan.IndexAtOrAfter(start);
        var baseNesting = index < scan.Tokens.Count ? scan.Tokens[index].Nesting : 0;
        for (; index < scan.Tokens.Count && scan.Tokens[index].Start < end; index++)
        {
            var token = scan.Tokens[index];
            if ((token.Kind == TokenKind.OpenBrace || token.Kind == TokenKind.OpenBracket) && token.Nesting - baseNesting >= MaxNesting)
            {
                diagnostics.Report(DiagnosticDescriptors.NestingTooDeep, new TextRange(token.Start, token.End), MaxNesting);
                return true;
            }
        }
        return false;
    }

    private void ReportNonAsciiIdentifiers(int start, int end)
    {
        for (var index = scan.IndexAtOrAfter(start); index < scan.Tokens.Count && scan.Tokens[index].Start < end; index++)
        {
            var token = scan.Tokens[index];
            if (token.Kind != TokenKind.Identifier) continue;
            for (var i = token.Start; i < token.End; i++)
            {
                if (Text[i] > 127)
                {
                    var name = Text.Substring(token.Start, token.End - token.Start);
                    diagnostics.Report(DiagnosticDescriptors.NonAsciiIdentifier, new TextRange(token.Start, token.End), name, Text[i].ToString());
                    break;
                }
            }
        }
    }

    private void ReportSyntaxError<T>(IResult<T> failure)
    {
        var at = Lexical.SkipTrivia(Text, failure.Remainder.Position);
        // An unterminated comment swallowed the rest of the file: it is reported (VAE0003), and whatever it left
        // unfinished is the same mistake.
        if (at >= Text.Length && scan.UnterminatedCommentStart >= 0) return;
        var (line, column) = source.LineColumn(at);
        var (found, range) = Describe(at);
        diagnostics.Report(DiagnosticDescriptors.SyntaxError, range, Grammar.DescribeExpectations(failure.Expectations), line + 1, column + 1, found);
    }

    private (string Found, TextRange Range) Describe(int at)
    {
        if (at >= Text.Length) return ("end of file", new TextRange(at, at));
        var index = scan.IndexAtOrAfter(at);
        var end = index < scan.Tokens.Count && scan.Tokens[index].Start == at ? scan.Tokens[index].End : at + 1;
        if (end - at > 40) end = at + 40;
        var text = Text.Substring(at, end - at);
        var printable = text.Length == 1 && (char.IsControl(text[0]) || char.IsSurrogate(text[0]))
            ? "character U+" + ((int)text[0]).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)
            : "'" + text + "'";
        return (printable, new TextRange(at, end));
    }

    private TextCursor Cursor(int position) => new(source, position);
}
