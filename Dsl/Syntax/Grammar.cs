using System.Collections.Generic;
using System.Linq;
using Sprache;

namespace VaeDsl.Dsl.Syntax;

/// <summary>The Sprache grammar of one model member, one file-level block and everything below them.
/// Repetition is written as loops rather than recursive combinators so long inputs cannot exhaust the stack;
/// nesting depth is bounded beforehand by <see cref="SyntaxParser"/>.</summary>
internal sealed class Grammar
{
    public const int MaxOperatorsPerExpression = 1000;

    public static readonly HashSet<string> MemberKeywords = new()
    {
        "input", "condition", "hyper", "encoder", "decoder", "latent", "prior", "inference", "likelihood", "loss", "train", "block",
    };

    private const string MemberExpectation =
        "a model member (input, condition, hyper, encoder, latent, prior, inference, decoder, likelihood, loss, train, block) or '}'";

    private readonly SourceText source;
    private readonly IReadOnlyDictionary<int, string> documentation;

    public Grammar(SourceText source, IReadOnlyDictionary<int, string> documentation)
    {
        this.source = source;
        this.documentation = documentation;
        Expression = ParseSum;
        Member = BuildMember();
    }

    public Parser<ExprSyntax> Expression { get; }

    public Parser<MemberSyntax> Member { get; }

    public string? DocumentationAt(int offset) => documentation.TryGetValue(offset, out var text) ? text : null;

    private static IResult<T> Fail<T>(IInput at, params string[] expectations) =>
        Result.Failure<T>(at, "expected " + string.Join(" or ", expectations), expectations);

    private static IResult<T> Forward<T, TFrom>(IResult<TFrom> failure) =>
        Result.Failure<T>(failure.Remainder, failure.Message, failure.Expectations);

    // ---- expressions -------------------------------------------------------------------------------------

    private IResult<ExprSyntax> ParseSum(IInput input) => ParseChain(input, "+-", ParseProduct);

    private IResult<ExprSyntax> ParseProduct(IInput input) => ParseChain(input, "*/%", ParseUnary);

    private static IResult<ExprSyntax> ParseChain(IInput input, string operators, System.Func<IInput, IResult<ExprSyntax>> operand)
    {
        var first = operand(input);
        if (!first.WasSuccessful) return first;
        var left = first.Value;
        var rest = first.Remainder;
        for (var count = 0; ; count++)
        {
            var text = rest.Source;
            var at = Lexical.SkipTrivia(text, rest.Position);
            if (at >= text.Length || operators.IndexOf(text[at]) < 0) break;
            // "//" and "/*" are comments, never a division followed by something.
            if (count >= MaxOperatorsPerExpression) return Fail<ExprSyntax>(rest, $"an expression with at most {MaxOperatorsPerExpression} operators");
            var op = text[at];
            var right = operand(((TextCursor)rest).Seek(at + 1));
            if (!right.WasSuccessful) return right;
            left = new BinarySyntax(op, left, right.Value, TextRange.Cover(left.Range, right.Value.Range));
            rest = right.Remainder;
        }
        return Result.Success(left, rest);
    }

    private IResult<ExprSyntax> ParseUnary(IInput input)
    {
        var minusStarts = new List<int>();
        var rest = input;
        while (true)
        {
            var minus = Lexical.Symbol("-")(rest);
            if (!minus.WasSuccessful) break;
            if (minusStarts.Count >= MaxOperatorsPerExpression) return Fail<ExprSyntax>(rest, "a value");
            minusStarts.Add(minus.Value.Range.Start);
            rest = minus.Remainder;
        }
        var atom = ParseAtom(rest);
        if (!atom.WasSuccessful) return atom;
        var value = atom.Value;
        for (var i = minusStarts.Count - 1; i >= 0; i--)
        {
            value = new NegateSyntax(value, new TextRange(minusStarts[i], value.Range.End));
        }
        return Result.Success(value, atom.Remainder);
    }

    private IResult<ExprSyntax> ParseAtom(IInput input)
    {
        var number = Lexical.Number(input);
        if (number.WasSuccessful) return Result.Success<ExprSyntax>(number.Value, number.Remainder);
        var name = Lexical.Identifier(input);
        if (name.WasSuccessful)
        {
            // A member keyword starting a line begins the next member: the expression before it is unfinished.
            if (MemberKeywords.Contains(name.Value.Text) && source.IsFirstOnLine(name.Value.Range.Start)) return Fail<ExprSyntax>(input, "a value");
            var open = Lexical.Symbol("(")(name.Remainder);
            if (!open.WasSuccessful) return Result.Success<ExprSyntax>(new NameSyntax(name.Value.Text, name.Value.Range), name.Remainder);
            var arguments = ParseArguments(open.Remainder);
            if (!arguments.WasSuccessful) return Forward<ExprSyntax, (List<ArgumentSyntax>, Token)>(arguments);
            var call = new CallSyntax(name.Value.Text, name.Value.Range, arguments.Value.Item1, new TextRange(name.Value.Range.Start, arguments.Value.Item2.Range.End));
            return Result.Success<ExprSyntax>(call, arguments.Remainder);
        }
        var parenthesis = Lexical.Symbol("(")(input);
        if (parenthesis.WasSuccessful)
        {
            var inner = ParseSum(parenthesis.Remainder);
            if (!inner.WasSuccessful) return inner;
            var close = Lexical.Symbol(")")(inner.Remainder);
            if (!close.WasSuccessful) return Forward<ExprSyntax, Token>(close);
            return Result.Success(inner.Value, close.Remainder);
        }
        return Fail<ExprSyntax>(input, "a value");
    }

    /// <summary>Arguments after an opening parenthesis, up to and including the closing one.</summary>
    private IResult<(List<ArgumentSyntax>, Token)> ParseArguments(IInput afterOpen)
    {
        var arguments = new List<ArgumentSyntax>();
        var close = Lexical.Symbol(")")(afterOpen);
        if (close.WasSuccessful) return Result.Success((arguments, close.Value), close.Remainder);
        var rest = afterOpen;
        while (true)
        {
            ArgumentSyntax argument;
            var name = Lexical.Identifier(rest);
            var colon = name.WasSuccessful ? Lexical.Symbol(":")(name.Remainder) : null;
            if (colon is not null && colon.WasSuccessful)
            {
                var value = ParseSum(colon.Remainder);
                if (!value.WasSuccessful) return Forward<(List<ArgumentSyntax>, Token), ExprSyntax>(value);
                argument = new ArgumentSyntax(name.Value.Text, name.Value.Range, value.Value, new TextRange(name.Value.Range.Start, value.Value.Range.End));
                rest = value.Remainder;
            }
            else
            {
                var value = ParseSum(rest);
                if (!value.WasSuccessful) return Forward<(List<ArgumentSyntax>, Token), ExprSyntax>(value);
                argument = new ArgumentSyntax(null, default, value.Value, value.Value.Range);
                rest = value.Remainder;
            }
            arguments.Add(argument);
            var comma = Lexical.Symbol(",")(rest);
            if (comma.WasSuccessful)
            {
                rest = comma.Remainder;
                continue;
            }
            close = Lexical.Symbol(")")(rest);
            if (close.WasSuccessful) return Result.Success((arguments, close.Value), close.Remainder);
            return Fail<(List<ArgumentSyntax>, Token)>(rest, "','", "')'");
        }
    }

    // ---- layers ------------------------------------------------------------------------------------------

    /// <summary>A <c>{ layer* }</c> block; returns the layers and the closing brace.</summary>
    public IResult<(List<LayerItemSyntax>, Token)> ParseLayerBlock(IInput input)
    {
        var open = Lexical.Symbol("{")(input);
        if (!open.WasSuccessful) return Forward<(List<LayerItemSyntax>, Token), Token>(open);
        var layers = new List<LayerItemSyntax>();
        var rest = open.Remainder;
        while (true)
        {
            var close = Lexical.Symbol("}")(rest);
            if (close.WasSuccessful) return Result.Success((layers, close.Value), close.Remainder);
            var name = Lexical.Identifier(rest);
            if (!name.WasSuccessful) return Fail<(List<LayerItemSyntax>, Token)>(rest, "a layer", "'}'");
            // A member keyword starting a line means the block's closing brace is missing: say so there.
            if ((MemberKeywords.Contains(name.Value.Text) || name.Value.Text == "model") && source.IsFirstOnLine(name.Value.Range.Start))
            {
                return Fail<(List<LayerItemSyntax>, Token)>(rest, "'}'");
            }
            var layer = ParseLayerItem(name.Value, name.Remainder);
            if (!layer.WasSuccessful) return Forward<(List<LayerItemSyntax>, Token), LayerItemSyntax>(layer);
            layers.Add(layer.Value);
            rest = layer.Remainder;
        }
    }

    private IResult<LayerItemSyntax> ParseLayerItem(Token name, IInput afterName)
    {
        if (name.Text == "custom") return ParseCustomLayer(name, afterName);
        if (name.Text == "repeat")
        {
            var count = ParseSum(afterName);
            if (!count.WasSuccessful) return Forward<LayerItemSyntax, ExprSyntax>(count);
            var body = ParseLayerBlock(count.Remainder);
            if (!body.WasSuccessful) return Forward<LayerItemSyntax, (List<LayerItemSyntax>, Token)>(body);
            return Result.Success<LayerItemSyntax>(
                new RepeatSyntax(count.Value, body.Value.Item1, new TextRange(name.Range.Start, body.Value.Item2.Range.End)), body.Remainder);
        }
        var end = name.Range.End;
        var rest = afterName;
        List<ArgumentSyntax>? arguments = null;
        var open = Lexical.Symbol("(")(rest);
        if (open.WasSuccessful)
        {
            var parsed = ParseArguments(open.Remainder);
            if (!parsed.WasSuccessful) return Forward<LayerItemSyntax, (List<ArgumentSyntax>, Token)>(parsed);
            arguments = parsed.Value.Item1;
            end = parsed.Value.Item2.Range.End;
            rest = parsed.Remainder;
        }
        List<LayerItemSyntax>? layers = null;
        var brace = Lexical.Symbol("{")(rest);
        if (brace.WasSuccessful)
        {
            var body = ParseLayerBlock(rest);
            if (!body.WasSuccessful) return Forward<LayerItemSyntax, (List<LayerItemSyntax>, Token)>(body);
            layers = body.Value.Item1;
            end = body.Value.Item2.Range.End;
            rest = body.Remainder;
        }
        return Result.Success<LayerItemSyntax>(new LayerCallSyntax(name.Text, name.Range, arguments, layers, new TextRange(name.Range.Start, end)), rest);
    }

    /// <summary><c>custom A.B.Type(arguments) [n] -> [d0, …]</c> after the keyword; the arguments and the input shape are
    /// optional, the arrow and the output shape are not.</summary>
    private IResult<LayerItemSyntax> ParseCustomLayer(Token keyword, IInput afterKeyword)
    {
        var first = Lexical.Identifier(afterKeyword);
        if (!first.WasSuccessful) return Fail<LayerItemSyntax>(afterKeyword, "the C# type of the custom layer");
        var typeName = first.Value.Text;
        var typeRange = first.Value.Range;
        var rest = first.Remainder;
        while (true)
        {
            var dot = Lexical.Symbol(".")(rest);
            if (!dot.WasSuccessful) break;
            var part = Lexical.Identifier(dot.Remainder);
            if (!part.WasSuccessful) return Fail<LayerItemSyntax>(dot.Remainder, "a name after '.'");
            typeName += "." + part.Value.Text;
            typeRange = new TextRange(typeRange.Start, part.Value.Range.End);
            rest = part.Remainder;
        }
        var arguments = new List<ArgumentSyntax>();
        var open = Lexical.Symbol("(")(rest);
        if (open.WasSuccessful)
        {
            var parsed = ParseArguments(open.Remainder);
            if (!parsed.WasSuccessful) return Forward<LayerItemSyntax, (List<ArgumentSyntax>, Token)>(parsed);
            arguments = parsed.Value.Item1;
            rest = parsed.Remainder;
        }
        List<ExprSyntax>? input = null;
        var inputRange = default(TextRange);
        if (Lexical.Symbol("[")(rest) is { WasSuccessful: true } bracket)
        {
            var dims = ParseDimensions(rest);
            if (!dims.WasSuccessful) return Forward<LayerItemSyntax, (List<ExprSyntax>, Token)>(dims);
            input = dims.Value.Item1;
            inputRange = new TextRange(bracket.Value.Range.Start, dims.Value.Item2.Range.End);
            rest = dims.Remainder;
        }
        var arrow = Lexical.Symbol("->")(rest);
        if (!arrow.WasSuccessful) return Fail<LayerItemSyntax>(rest, input is null ? "'(', '[' or '->' and the declared output shape" : "'->' and the declared output shape");
        var output = ParseDimensions(arrow.Remainder);
        if (!output.WasSuccessful) return Forward<LayerItemSyntax, (List<ExprSyntax>, Token)>(output);
        var outputStart = Lexical.SkipTrivia(arrow.Remainder.Source, arrow.Remainder.Position);
        var outputRange = new TextRange(outputStart, output.Value.Item2.Range.End);
        return Result.Success<LayerItemSyntax>(
            new CustomLayerSyntax(keyword.Range, typeName, typeRange, arguments, input, inputRange, output.Value.Item1, outputRange, new TextRange(keyword.Range.Start, outputRange.End)),
            output.Remainder);
    }

    // ---- members ----------------------------------------------------------------------------------------

    /// <summary>Composes the member parsers: each starts with its keyword, so <c>Or</c> reports the error of
    /// the member that got furthest, and a text that starts no member gets one clear expectation.</summary>
    private Parser<MemberSyntax> BuildMember()
    {
        var dimensions = (Parser<(List<ExprSyntax>, Token)>)ParseDimensions;
        var input =
            from keyword in Lexical.Keyword("input")
            from name in Lexical.Identifier
            from colon in Lexical.Symbol(":")
            from dims in dimensions
            select (MemberSyntax)new InputSyntax(name.Text, name.Range, dims.Item1, keyword.Range, new TextRange(keyword.Range.Start, dims.Item2.Range.End));
        var condition =
            from keyword in Lexical.Keyword("condition")
            from name in Lexical.Identifier
            from colon in Lexical.Symbol(":")
            from kind in Expression
            select (MemberSyntax)new ConditionSyntax(name.Text, name.Range, kind, keyword.Range, new TextRange(keyword.Range.Start, kind.Range.End));
        var flow = (Parser<(Token Keyword, ExprSyntax Kind)?>)ParseFlow;
        var distribution =
            from keyword in Lexical.Keyword("latent").Or(Lexical.Keyword("prior"))
            from name in Lexical.Identifier
            from tilde in Lexical.Symbol("~")
            from family in Expression
            from link in (Parser<LinkSyntax?>)(rest => ParseLink(keyword.Text == "latent" ? "from" : "given", rest))
            from transform in keyword.Text == "latent" ? flow : Parse.Return<(Token Keyword, ExprSyntax Kind)?>(null)
            select (MemberSyntax)new DistributionSyntax(keyword.Text, name.Text, name.Range, family, keyword.Range,
                new TextRange(keyword.Range.Start, transform?.Kind.Range.End ?? link?.Range.End ?? family.Range.End))
            {
                Flow = transform?.Kind,
                FlowKeywordRange = transform?.Keyword.Range ?? default,
                Link = link,
            };
        var inference =
            from keyword in Lexical.Keyword("inference")
            from mode in Expression
            select (MemberSyntax)new InferenceSyntax(mode, keyword.Range, new TextRange(keyword.Range.Start, mode.Range.End));
        var hyper =
            from keyword in Lexical.Keyword("hyper")
            from definitions in HyperDefinition(keyword).XDelimitedBy(Lexical.Symbol(","))
            let list = Documented(keyword, definitions.ToList())
            select (MemberSyntax)new HyperSyntax(list, keyword.Range, new TextRange(keyword.Range.Start, list[list.Count - 1].Range.End));
        var layerBlock = (Parser<(List<LayerItemSyntax>, Token)>)ParseLayerBlock;
        var section =
            from keyword in Lexical.Keyword("encoder").Or(Lexical.Keyword("decoder"))
            from layers in layerBlock
            select (MemberSyntax)new SectionSyntax(keyword.Text, layers.Item1, layers.Item2.Range, keyword.Range, new TextRange(keyword.Range.Start, layers.Item2.Range.End));
        var likelihood =
            from keyword in Lexical.Keyword("likelihood")
            from family in Expression
            select (MemberSyntax)new LikelihoodSyntax(family, keyword.Range, new TextRange(keyword.Range.Start, family.Range.End));
        var schedules = (Parser<List<CallSyntax>>)ParseSchedules;
        var loss =
            from keyword in Lexical.Keyword("loss")
            from assign in Lexical.Symbol("=")
            from sum in Expression
            from calls in schedules
            select (MemberSyntax)new LossSyntax(sum, calls, keyword.Range, new TextRange(keyword.Range.Start, calls.Count > 0 ? calls[calls.Count - 1].Range.End : sum.Range.End));
        var entries = (Parser<(List<TrainEntrySyntax>, Token)>)ParseTrainEntries;
        var train =
            from keyword in Lexical.Keyword("train")
            from open in Lexical.Symbol("{")
            from body in entries
            select (MemberSyntax)new TrainSyntax(body.Item1, keyword.Range, new TextRange(keyword.Range.Start, body.Item2.Range.End));
        var block =
            from keyword in Lexical.Keyword("block")
            from declaration in (Parser<BlockSyntax>)(rest => ParseBlock(keyword, rest))
            select (MemberSyntax)declaration;
        return input.Or(condition).Or(hyper).Or(section).Or(distribution).Or(inference).Or(likelihood).Or(loss).Or(train).Or(block).Named(MemberExpectation);
    }

    /// <summary>An optional <c>from z1 { … }</c> (after a latent) or <c>given z2 { … }</c> (after a prior): the word,
    /// a latent's name and an optional layer block. Without the word, nothing is consumed.</summary>
    private IResult<LinkSyntax?> ParseLink(string word, IInput input)
    {
        var keyword = Lexical.Identifier(input);
        if (!keyword.WasSuccessful || keyword.Value.Text != word) return Result.Success<LinkSyntax?>(null, input);
        var name = Lexical.Identifier(keyword.Remainder);
        if (!name.WasSuccessful) return Fail<LinkSyntax?>(keyword.Remainder, "a latent's name");
        if (!Lexical.Symbol("{")(name.Remainder).WasSuccessful)
        {
            return Result.Success<LinkSyntax?>(
                new LinkSyntax(word, keyword.Value.Range, name.Value.Text, name.Value.Range, null, new TextRange(keyword.Value.Range.Start, name.Value.Range.End)), name.Remainder);
        }
        var body = ParseLayerBlock(name.Remainder);
        if (!body.WasSuccessful) return Forward<LinkSyntax?, (List<LayerItemSyntax>, Token)>(body);
        return Result.Success<LinkSyntax?>(
            new LinkSyntax(word, keyword.Value.Range, name.Value.Text, name.Value.Range, body.Value.Item1, new TextRange(keyword.Value.Range.Start, body.Value.Item2.Range.End)),
            body.Remainder);
    }

    /// <summary><c>flow kind(…)</c> after a latent's family, or nothing; once the word <c>flow</c> is read, its kind
    /// must follow (the error is reported there, not as an unexpected member).</summary>
    private IResult<(Token Keyword, ExprSyntax Kind)?> ParseFlow(IInput input)
    {
        var keyword = Lexical.Keyword("flow")(input);
        if (!keyword.WasSuccessful) return Result.Success<(Token Keyword, ExprSyntax Kind)?>(null, input);
        var kind = ParseAtom(keyword.Remainder);
        if (!kind.WasSuccessful) return Fail<(Token Keyword, ExprSyntax Kind)?>(keyword.Remainder, "a flow");
        return Result.Success<(Token Keyword, ExprSyntax Kind)?>((keyword.Value, kind.Value), kind.Remainder);
    }

    private Parser<HyperDefinitionSyntax> HyperDefinition(Token keyword) =>
        from name in Lexical.Identifier
        from assign in Lexical.Symbol("=")
        from value in Expression
        select new HyperDefinitionSyntax(name.Text, name.Range, value, DocumentationAt(name.Range.Start), new TextRange(name.Range.Start, value.Range.End));

    /// <summary>"/// text" before the keyword documents the first definition when it has none of its own.</summary>
    private List<HyperDefinitionSyntax> Documented(Token keyword, List<HyperDefinitionSyntax> definitions)
    {
        var keywordDoc = DocumentationAt(keyword.Range.Start);
        if (keywordDoc is not null && definitions[0].Documentation is null) definitions[0] = definitions[0] with { Documentation = keywordDoc };
        return definitions;
    }

    /// <summary><c>[d0, d1, …]</c>, with "',' or ']'" expected after each size.</summary>
    private IResult<(List<ExprSyntax>, Token)> ParseDimensions(IInput input)
    {
        var open = Lexical.Symbol("[")(input);
        if (!open.WasSuccessful) return Forward<(List<ExprSyntax>, Token), Token>(open);
        var dims = new List<ExprSyntax>();
        var at = open.Remainder;
        while (true)
        {
            var dim = ParseSum(at);
            if (!dim.WasSuccessful) return Forward<(List<ExprSyntax>, Token), ExprSyntax>(dim);
            dims.Add(dim.Value);
            var comma = Lexical.Symbol(",")(dim.Remainder);
            if (comma.WasSuccessful)
            {
                at = comma.Remainder;
                continue;
            }
            var close = Lexical.Symbol("]")(dim.Remainder);
            if (!close.WasSuccessful) return Fail<(List<ExprSyntax>, Token)>(dim.Remainder, "','", "']'");
            return Result.Success((dims, close.Value), close.Remainder);
        }
    }

    /// <summary>Schedules after the loss sum. A schedule is a name directly followed by '('; anything else
    /// (the next member) ends the list without consuming it.</summary>
    private IResult<List<CallSyntax>> ParseSchedules(IInput input)
    {
        var schedules = new List<CallSyntax>();
        var rest = input;
        while (true)
        {
            var name = Lexical.Identifier(rest);
            if (!name.WasSuccessful || !Lexical.Symbol("(")(name.Remainder).WasSuccessful) break;
            var schedule = ParseAtom(rest);
            if (!schedule.WasSuccessful) return Forward<List<CallSyntax>, ExprSyntax>(schedule);
            schedules.Add((CallSyntax)schedule.Value);
            rest = schedule.Remainder;
        }
        return Result.Success(schedules, rest);
    }

    /// <summary>Entries of a train block after its '{', up to and including the '}'; commas are optional.</summary>
    private IResult<(List<TrainEntrySyntax>, Token)> ParseTrainEntries(IInput input)
    {
        var entries = new List<TrainEntrySyntax>();
        var rest = input;
        while (true)
        {
            var close = Lexical.Symbol("}")(rest);
            if (close.WasSuccessful) return Result.Success((entries, close.Value), close.Remainder);
            var name = Lexical.Identifier(rest);
            if (!name.WasSuccessful) return Fail<(List<TrainEntrySyntax>, Token)>(rest, "a training setting", "'}'");
            if ((MemberKeywords.Contains(name.Value.Text) || name.Value.Text == "model") && source.IsFirstOnLine(name.Value.Range.Start))
            {
                return Fail<(List<TrainEntrySyntax>, Token)>(rest, "'}'");
            }
            var colon = Lexical.Symbol(":")(name.Remainder);
            if (!colon.WasSuccessful) return Forward<(List<TrainEntrySyntax>, Token), Token>(colon);
            var value = ParseSum(colon.Remainder);
            if (!value.WasSuccessful) return Forward<(List<TrainEntrySyntax>, Token), ExprSyntax>(value);
            var (entryValue, after) = IndexedWord(value.Value, value.Remainder);
            entries.Add(new TrainEntrySyntax(name.Value.Text, name.Value.Range, entryValue, new TextRange(name.Value.Range.Start, entryValue.Range.End)));
            rest = after;
            var comma = Lexical.Symbol(",")(rest);
            if (comma.WasSuccessful) rest = comma.Remainder;
        }
    }

    /// <summary>A word with an index, <c>cuda:1</c>, as one name: after a setting's value a ':' cannot start anything
    /// else (a setting is a name before its ':'), so a name followed by ':' and an integer is that word.</summary>
    private static (ExprSyntax Value, IInput After) IndexedWord(ExprSyntax value, IInput rest)
    {
        if (value is not NameSyntax word) return (value, rest);
        var colon = Lexical.Symbol(":")(rest);
        if (!colon.WasSuccessful) return (value, rest);
        var index = Lexical.Number(colon.Remainder);
        if (!index.WasSuccessful || !index.Value.IsInteger) return (value, rest);
        return (new NameSyntax(word.Name + ":" + index.Value.Text, new TextRange(word.Range.Start, index.Value.Range.End)), index.Remainder);
    }

    /// <summary><c>block Name(p, q = 2) { … }</c> after the keyword.</summary>
    public IResult<BlockSyntax> ParseBlock(Token keyword, IInput rest)
    {
        var name = Lexical.Identifier(rest);
        if (!name.WasSuccessful) return Forward<BlockSyntax, Token>(name);
        var parameters = new List<BlockParameterSyntax>();
        rest = name.Remainder;
        var open = Lexical.Symbol("(")(rest);
        if (open.WasSuccessful)
        {
            rest = open.Remainder;
            var close = Lexical.Symbol(")")(rest);
            if (close.WasSuccessful)
            {
                rest = close.Remainder;
            }
            else
            {
                while (true)
                {
                    var parameter = Lexical.Identifier(rest);
                    if (!parameter.WasSuccessful) return Forward<BlockSyntax, Token>(parameter);
                    rest = parameter.Remainder;
                    ExprSyntax? defaultValue = null;
                    var equals = Lexical.Symbol("=")(rest);
                    if (equals.WasSuccessful)
                    {
                        var value = ParseSum(equals.Remainder);
                        if (!value.WasSuccessful) return Forward<BlockSyntax, ExprSyntax>(value);
                        defaultValue = value.Value;
                        rest = value.Remainder;
                    }
                    parameters.Add(new BlockParameterSyntax(parameter.Value.Text, parameter.Value.Range, defaultValue));
                    var comma = Lexical.Symbol(",")(rest);
                    if (comma.WasSuccessful)
                    {
                        rest = comma.Remainder;
                        continue;
                    }
                    close = Lexical.Symbol(")")(rest);
                    if (!close.WasSuccessful) return Fail<BlockSyntax>(rest, "','", "')'");
                    rest = close.Remainder;
                    break;
                }
            }
        }
        var body = ParseLayerBlock(rest);
        if (!body.WasSuccessful) return Forward<BlockSyntax, (List<LayerItemSyntax>, Token)>(body);
        return Result.Success(
            new BlockSyntax(name.Value.Text, name.Value.Range, parameters, body.Value.Item1, keyword.Range, new TextRange(keyword.Range.Start, body.Value.Item2.Range.End)),
            body.Remainder);
    }

    public static string DescribeExpectations(IEnumerable<string> expectations)
    {
        var list = expectations.Distinct().ToList();
        if (list.Count == 0) return "something else";
        if (list.Count == 1) return list[0];
        return string.Join(", ", list.Take(list.Count - 1)) + " or " + list[list.Count - 1];
    }
}
