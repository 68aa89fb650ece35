using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Navigation;

/// <summary>What the language allows at a point of the text, from the front end's own tokens (so it also works
/// in the half-written text an editor holds while the user types, where the parser has given up).</summary>
internal enum PlaceKind
{
    /// <summary>Between models: model, block, namespace.</summary>
    File,
    /// <summary>Between members of a model: input, hyper, encoder, ….</summary>
    Member,
    /// <summary>An encoder, decoder, block, repeat or residual body.</summary>
    LayerList,
    /// <summary>A name in <c>train { … }</c>.</summary>
    Setting,
    /// <summary>A value of a parameter: <see cref="Place.Parameter"/> (a construct, a word, or a number).</summary>
    Value,
    /// <summary>A number: hyper-parameters (and block parameters) may be used.</summary>
    Number,
    /// <summary>After <c>~</c>, <c>likelihood</c>, <c>condition x:</c>, or in the loss sum: constructs of <see cref="Place.Kind"/>.</summary>
    Construct,
    /// <summary>After the loss sum: a weight schedule, or more of the sum.</summary>
    AfterLoss,
    /// <summary>Inside a call's parentheses where an argument starts.</summary>
    Argument,
    /// <summary>After <c>custom</c> in a layer list: the C# type of a custom layer.</summary>
    CustomType,
    Nothing,
}

/// <summary><c>Call</c> and <c>CallBlock</c> describe the innermost call around the point, <c>Given</c> its
/// arguments already written by name and <c>Index</c> the positional index of the argument at the point.</summary>
internal sealed record Place(PlaceKind What, string? Model)
{
    public ConstructKind? Kind { get; init; }

    public ConstructParameter? Parameter { get; init; }

    public Construct? Call { get; init; }

    public string? CallBlock { get; init; }

    public IReadOnlyList<string> Given { get; init; } = new string[0];

    public int Index { get; init; }

    /// <summary>How many arguments of the call were written by position (before the first named one).</summary>
    public int Positional { get; init; }

    /// <summary>The latent a prior is written for (<c>prior z ~ |</c>).</summary>
    public string? Latent { get; init; }

    /// <summary>The parameter of <see cref="Call"/> being written by name (<c>stride: |</c>).</summary>
    public string? Named { get; init; }
}

/// <summary>Finds the <see cref="Place"/> before an offset by one walk over the tokens, keeping a stack of the
/// open brackets and, at model level, the member being written.</summary>
internal static class PlaceFinder
{
    private enum Frame
    {
        File,
        Model,
        LayerList,
        Train,
        Other,
        Call,
    }

    private sealed class Level
    {
        public Level(Frame frame) => Frame = frame;

        public Frame Frame { get; }

        /// <summary>For File and Model: the member keyword being written and the tokens after it.</summary>
        public string? Statement { get; set; }

        public List<ScannedToken> Tokens { get; } = new();

        public string? Model { get; set; }

        /// <summary>For a call: its name and the construct kind its place gives it.</summary>
        public string? Name { get; set; }

        public Level? Outer { get; set; }

        public List<string> Named { get; } = new();

        public int Commas { get; set; }

        public int Positional { get; set; }
    }

    public static Place Find(string text, IReadOnlyList<ScannedToken> tokens, int offset)
    {
        var file = new Level(Frame.File);
        var stack = new Stack<Level>();
        stack.Push(file);
        foreach (var token in tokens)
        {
            // The identifier being typed is the prefix, not context.
            if (token.End > offset || (token.End == offset && token.Kind is TokenKind.Identifier or TokenKind.Number)) break;
            var top = stack.Peek();
            var word = Text(text, token);
            switch (token.Kind)
            {
                case TokenKind.OpenBrace:
                    stack.Push(new Level(BraceFrame(text, top)) { Model = top.Model, Outer = top });
                    break;
                case TokenKind.CloseBrace:
                    while (stack.Count > 1 && stack.Peek().Frame == Frame.Call) stack.Pop();
                    if (stack.Count > 1) stack.Pop();
                    top = stack.Peek();
                    top.Tokens.Add(token);
                    break;
                case TokenKind.OpenBracket:
                    var previous = top.Tokens.LastOrDefault();
                    var name = word == "(" && previous.End == token.Start && previous.Kind == TokenKind.Identifier ? Text(text, previous) : null;
                    stack.Push(new Level(Frame.Call) { Model = top.Model, Name = name, Outer = top });
                    break;
                case TokenKind.CloseBracket:
                    if (stack.Count > 1 && stack.Peek().Frame == Frame.Call) stack.Pop();
                    stack.Peek().Tokens.Add(token);
                    break;
                default:
                    // A keyword starts a member only where the one before may end (`hyper latent = 2` names a hyper-parameter).
                    if (top.Frame is Frame.File or Frame.Model && token.Kind == TokenKind.Identifier && IsStatementKeyword(top.Frame, word)
                        && (top.Statement is null || Ends(top.Tokens.Count == 0 ? null : top.Tokens[top.Tokens.Count - 1]) || FirstOnLine(text, token.Start)))
                    {
                        top.Statement = word;
                        top.Tokens.Clear();
                        break;
                    }
                    if (top.Frame == Frame.File && top.Statement == "model" && top.Tokens.Count == 0 && token.Kind == TokenKind.Identifier)
                    {
                        top.Model = word;
                    }
                    if (top.Frame == Frame.Call && word == ",")
                    {
                        top.Commas++;
                        if (top.Named.Count == 0) top.Positional++;
                    }
                    if (top.Frame == Frame.Call && word == ":" && top.Tokens.LastOrDefault().Kind == TokenKind.Identifier) top.Named.Add(Text(text, top.Tokens.Last()));
                    top.Tokens.Add(token);
                    break;
            }
        }
        return Describe(text, stack.Peek());
    }

    private static Frame BraceFrame(string text, Level outer) => outer.Frame switch
    {
        // The network of a latent (from z1 { … }) or of a conditional prior (given z2 { … }).
        Frame.Model when outer.Statement is "latent" or "prior" && outer.Tokens.Any(t => Text(text, t) is "from" or "given") => Frame.LayerList,
        Frame.File when outer.Statement == "model" => Frame.Model,
        Frame.File when outer.Statement == "block" => Frame.LayerList,
        Frame.Model when outer.Statement is "encoder" or "decoder" or "block" => Frame.LayerList,
        Frame.Model when outer.Statement == "train" => Frame.Train,
        Frame.LayerList => Frame.LayerList,
        _ => Frame.Other,
    };

    private static bool IsStatementKeyword(Frame frame, string word) =>
        frame == Frame.File ? word is "model" or "block" or "namespace" : Grammar.MemberKeywords.Contains(word);

    private static Place Describe(string text, Level level)
    {
        var last = level.Tokens.Count == 0 ? (ScannedToken?)null : level.Tokens[level.Tokens.Count - 1];
        var lastText = last is { } l ? Text(text, l) : "";
        switch (level.Frame)
        {
            case Frame.File:
                return new Place(level.Statement is null || Ends(last) ? PlaceKind.File : PlaceKind.Nothing, null);
            case Frame.LayerList:
                return new Place(lastText == "custom" && last!.Value.Kind == TokenKind.Identifier ? PlaceKind.CustomType : PlaceKind.LayerList, level.Model);
            case Frame.Train:
                return Setting(text, level, lastText);
            case Frame.Call:
                return Call(text, level, lastText);
            case Frame.Model:
                return Member(text, level, last, lastText);
            default:
                return new Place(PlaceKind.Nothing, level.Model);
        }
    }

    private static Place Member(string text, Level level, ScannedToken? last, string lastText)
    {
        var model = level.Model;
        var count = level.Tokens.Count;
        switch (level.Statement)
        {
            case "latent" when count == 2 && lastText == "~":
                return new Place(PlaceKind.Construct, model) { Kind = ConstructKind.LatentFamily };
            case "latent" when count > 3 && lastText == "flow":
                return new Place(PlaceKind.Construct, model) { Kind = ConstructKind.Flow };
            case "prior" when count == 2 && lastText == "~":
                return new Place(PlaceKind.Construct, model) { Kind = ConstructKind.Prior, Latent = Text(text, level.Tokens[0]) };
            case "likelihood" when count == 0:
                return new Place(PlaceKind.Construct, model) { Kind = ConstructKind.Likelihood };
            case "inference" when count == 0:
                return new Place(PlaceKind.Construct, model) { Kind = ConstructKind.Inference };
            case "condition" when count == 2 && lastText == ":":
                return new Place(PlaceKind.Construct, model) { Kind = ConstructKind.Condition };
            case "loss" when count > 0 && IsOperator(lastText):
                return new Place(PlaceKind.Construct, model) { Kind = ConstructKind.LossTerm };
            case "loss" when count > 1:
                return new Place(PlaceKind.AfterLoss, model);
            case "hyper" when IsOperator(lastText):
                return new Place(PlaceKind.Number, model);
        }
        return new Place(level.Statement is null || Ends(last) ? PlaceKind.Member : PlaceKind.Nothing, model);
    }

    private static Place Setting(string text, Level level, string lastText)
    {
        var settings = ConstructCatalog.OfKind(ConstructKind.Training)[0];
        if (lastText == ":" && level.Tokens.Count >= 2)
        {
            return new Place(PlaceKind.Value, level.Model) { Parameter = settings.Parameter(Text(text, level.Tokens[level.Tokens.Count - 2])) };
        }
        if (IsOperator(lastText)) return new Place(PlaceKind.Number, level.Model);
        return new Place(PlaceKind.Setting, level.Model) { Call = settings, Given = Named(text, level) };
    }

    private static Place Call(string text, Level level, string lastText)
    {
        var outer = level.Outer!;
        var (construct, block) = CallTarget(text, level, outer);
        var place = new Place(PlaceKind.Argument, level.Model)
        {
            Call = construct,
            CallBlock = block,
            Given = level.Named.ToList(),
            Index = level.Named.Count > 0 ? -1 : level.Commas,
            Positional = level.Positional,
        };
        if (lastText == ":" && level.Tokens.Count >= 2)
        {
            var named = Text(text, level.Tokens[level.Tokens.Count - 2]);
            return place with { What = PlaceKind.Value, Named = named, Parameter = construct?.Parameter(named) };
        }
        if (lastText is "(" or ",") return place;
        if (level.Tokens.Count == 0) return place;
        if (IsOperator(lastText)) return place with { What = PlaceKind.Number };
        return place with { What = PlaceKind.Nothing };
    }

    /// <summary>The construct a call names, judged by where the call is written.</summary>
    private static (Construct?, string?) CallTarget(string text, Level call, Level outer)
    {
        var name = call.Name;
        if (name is null) return (null, null);
        switch (outer.Frame)
        {
            case Frame.LayerList:
                var layer = ConstructCatalog.Find(ConstructKind.Layer, name);
                return (layer, layer is null ? name : null);
            case Frame.Train:
                var setting = SettingBefore(text, outer);
                var takes = setting is null ? null : ConstructCatalog.TrainSettings.FirstOrDefault(p => p.Name == setting)?.Takes;
                return (takes is { } kind ? ConstructCatalog.Find(kind, name) : null, null);
            case Frame.Model:
                var kinds = outer.Statement switch
                {
                    "latent" => new[] { ConstructKind.LatentFamily, ConstructKind.Flow },
                    "prior" => new[] { ConstructKind.Prior },
                    "inference" => new[] { ConstructKind.Inference },
                    "likelihood" => new[] { ConstructKind.Likelihood },
                    "condition" => new[] { ConstructKind.Condition },
                    "loss" => new[] { ConstructKind.LossTerm, ConstructKind.WeightSchedule },
                    _ => new ConstructKind[0],
                };
                return (kinds.Select(k => ConstructCatalog.Find(k, name)).FirstOrDefault(c => c is not null), null);
            default:
                return (null, null);
        }
    }

    /// <summary>In <c>train { … }</c>: the setting whose value is being written (<c>optimizer: adam(|</c>).</summary>
    private static string? SettingBefore(string text, Level train)
    {
        var tokens = train.Tokens;
        // The call's name is the last token; before it ':' and the setting's name.
        return tokens.Count >= 3 && Text(text, tokens[tokens.Count - 2]) == ":" ? Text(text, tokens[tokens.Count - 3]) : null;
    }

    private static List<string> Named(string text, Level level)
    {
        var names = new List<string>();
        for (var i = 0; i + 1 < level.Tokens.Count; i++)
        {
            if (level.Tokens[i].Kind == TokenKind.Identifier && Text(text, level.Tokens[i + 1]) == ":") names.Add(Text(text, level.Tokens[i]));
        }
        return names;
    }

    /// <summary>A keyword first on its line starts a member even after a half-written one, as the parser's recovery assumes.</summary>
    private static bool FirstOnLine(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && (text[i] == ' ' || text[i] == '\t')) i--;
        return i < 0 || SourceText.IsLineBreak(text[i]);
    }

    /// <summary>Whether a member can end after this token, so a new one may start.</summary>
    private static bool Ends(ScannedToken? last) => last is { } token && token.Kind is TokenKind.Identifier or TokenKind.Number or TokenKind.CloseBrace or TokenKind.CloseBracket;

    private static bool IsOperator(string text) => text is "=" or "+" or "-" or "*" or "/" or "%";

    public static string Text(string text, ScannedToken token) => text.Substring(token.Start, token.End - token.Start);
}
