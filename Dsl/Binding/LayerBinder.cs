using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Binding;

/// <summary>Turns a layer list into a flat sequence of built-in layers: expands <c>repeat</c> and user blocks,
/// resolves arguments and infers the shape after every layer. After a layer whose shape is unknown, later
/// layers are still checked for argument errors but not for shapes, so one mistake is reported once.</summary>
internal sealed class LayerBinder
{
    public const int MaxLayers = 100_000;
    public const int MaxBlockDepth = 64;

    private readonly DiagnosticBag diagnostics;
    private readonly ExprBinder expressions;
    private readonly ArgumentResolver arguments;
    private readonly ShapeInference shapes;
    private readonly SourceText source;
    private readonly IReadOnlyDictionary<string, BlockSyntax> blocks;
    private readonly List<string> expanding = new();
    private readonly System.Threading.CancellationToken cancellationToken;
    private readonly System.Collections.Generic.ICollection<LayerUse>? uses;
    private readonly string modelName;
    private int layerCount;
    private bool stopped;
    private bool atDecoderStart;
    private bool afterTeacherForcing;
    private int nesting;

    public LayerBinder(
        DiagnosticBag diagnostics, ExprBinder expressions, ArgumentResolver arguments, SourceText source,
        IReadOnlyDictionary<string, BlockSyntax> blocks, System.Threading.CancellationToken cancellationToken,
        ICollection<LayerUse>? uses = null, string modelName = "")
    {
        this.uses = uses;
        this.modelName = modelName;
        this.diagnostics = diagnostics;
        this.expressions = expressions;
        this.arguments = arguments;
        this.source = source;
        this.blocks = blocks;
        this.cancellationToken = cancellationToken;
        shapes = new ShapeInference(diagnostics);
    }

    /// <summary>The token input a decoder may read with <c>teacher_forcing</c> (an input [L] and likelihood
    /// TokenCategorical), or null.</summary>
    public (long Length, long Vocab)? Tokens { get; set; }

    /// <summary>The model's quantised latent, whose codes the decoder reads as they are (so not beside tokens), or null.</summary>
    public string? QuantizedLatent { get; set; }

    /// <summary>The input shape and likelihood as teacher_forcing's message names them when <see cref="Tokens"/> is null.</summary>
    public (string Input, string Likelihood) TokenSources { get; set; } = ("unknown", "unknown");

    /// <summary>Names of the blocks expanded so far.</summary>
    public HashSet<string> UsedBlocks { get; } = new();

    /// <summary>Binds a section; <paramref name="output"/> is null when the shape could not be inferred.</summary>
    public LayerSequence Bind(string section, IReadOnlyList<LayerItemSyntax> items, Shape? input, out Shape? output)
    {
        layerCount = 0;
        stopped = false;
        atDecoderStart = section == "decoder";
        afterTeacherForcing = false;
        nesting = 0;
        var layers = new List<LayerSpec>();
        var current = input;
        BindItems(section, items, null, layers, ref current);
        output = current;
        return new LayerSequence(input ?? Shape.Of(), current ?? Shape.Of(), layers.ToEquatableArray());
    }

    private void BindItems(string section, IReadOnlyList<LayerItemSyntax> items, IReadOnlyDictionary<string, Expr>? scope, List<LayerSpec> into, ref Shape? current)
    {
        foreach (var item in items)
        {
            if (stopped) return;
            cancellationToken.ThrowIfCancellationRequested();
            var first = into.Count;
            var input = current;
            switch (item)
            {
                case RepeatSyntax repeat:
                    BindRepeat(section, repeat, scope, into, ref current);
                    break;
                case CustomLayerSyntax custom:
                    BindCustom(custom, scope, into, ref current);
                    break;
                case LayerCallSyntax call when ConstructCatalog.Find(ConstructKind.Layer, call.Name) is { } layer:
                    if (layer.TakesBody) BindResidual(section, call, scope, into, ref current);
                    else BindLayer(section, call, layer, scope, into, ref current);
                    break;
                case LayerCallSyntax call when blocks.TryGetValue(call.Name, out var block):
                    BindBlockUse(section, call, block, scope, into, ref current);
                    break;
                case LayerCallSyntax call:
                    if (ExprBinder.IsAscii(call.Name)) diagnostics.Report(DiagnosticDescriptors.UnknownLayer, call.NameRange, call.Name);
                    current = null;
                    break;
            }
            if (uses is not null) RecordUse(section, item, input, current, into, first);
            if (nesting == 0) atDecoderStart = false;
        }
    }

    /// <summary>Keeps what an editor shows for an item: its shapes, and its parameters when the shapes are known.</summary>
    private void RecordUse(string section, LayerItemSyntax item, Shape? input, Shape? output, List<LayerSpec> into, int first)
    {
        var (name, nameRange) = item switch
        {
            LayerCallSyntax call => (call.Name, call.NameRange),
            CustomLayerSyntax custom => ("custom", custom.KeywordRange),
            _ => ("repeat", new TextRange(item.Range.Start, item.Range.Start + "repeat".Length)),
        };
        // A custom layer's parameters are in its C#, which the front end cannot count.
        long? parameters = input is null || output is null || item is CustomLayerSyntax ? null : into.Skip(first).Sum(layer => ParameterCount.Of(layer, Tokens?.Vocab ?? 0));
        uses!.Add(new LayerUse(modelName, section, name, source.Span(item.Range), source.Span(nameRange), input, output, parameters, expanding.Count > 0));
    }

    private void BindRepeat(string section, RepeatSyntax repeat, IReadOnlyDictionary<string, Expr>? scope, List<LayerSpec> into, ref Shape? current)
    {
        var count = expressions.Bind(repeat.Count, scope);
        if (count is null)
        {
            current = null;
            return;
        }
        var written = source.Text.Substring(repeat.Count.Range.Start, repeat.Count.Range.End - repeat.Count.Range.Start);
        if (count.Kind != NumberKind.Int)
        {
            diagnostics.Report(DiagnosticDescriptors.ArgumentType, repeat.Count.Range, "count", "repeat", "an integer", expressions.Describe(repeat.Count, count, written, integerExpected: true));
            current = null;
            return;
        }
        if (count.Value < 0)
        {
            diagnostics.Report(DiagnosticDescriptors.ArgumentRange, repeat.Count.Range, "count", "repeat", "at least 0", expressions.Describe(repeat.Count, count, written));
            current = null;
            return;
        }
        nesting++;
        for (long i = 0; i < count.IntValue && !stopped; i++)
        {
            BindItems(section, repeat.Body, scope, into, ref current);
        }
        nesting--;
    }

    private void BindResidual(string section, LayerCallSyntax call, IReadOnlyDictionary<string, Expr>? scope, List<LayerSpec> into, ref Shape? current)
    {
        if (call.Arguments is { Count: > 0 })
        {
            diagnostics.Report(DiagnosticDescriptors.TooManyArguments, call.Arguments[0].Range, "residual", 0, call.Arguments.Count);
        }
        if (call.Body is null)
        {
            diagnostics.Report(DiagnosticDescriptors.MissingBody, call.NameRange, "residual");
            current = null;
            return;
        }
        var input = current;
        var inner = current;
        var body = new List<LayerSpec>();
        nesting++;
        BindItems(section, call.Body, scope, body, ref inner);
        nesting--;
        if (input is not null && inner is not null && !inner.Equals(input))
        {
            diagnostics.Report(DiagnosticDescriptors.ResidualShape, call.NameRange, inner, input);
            current = null;
        }
        else if (inner is null)
        {
            current = null;
        }
        var span = source.Span(call.Range);
        into.Add(new LayerSpec("residual", EquatableArray<Argument>.Empty, input ?? Shape.Of(), current ?? Shape.Of(), span,
            new LayerSequence(input ?? Shape.Of(), inner ?? Shape.Of(), body.ToEquatableArray())));
        CountLayer(section, call.Range);
    }

    private void BindLayer(string section, LayerCallSyntax call, Construct layer, IReadOnlyDictionary<string, Expr>? scope, List<LayerSpec> into, ref Shape? current)
    {
        if (call.Body is not null) diagnostics.Report(DiagnosticDescriptors.UnexpectedBody, call.NameRange, call.Name);
        var input = current;
        ResolvedArguments? resolved;
        Shape? output = null;
        if (layer.Variadic)
        {
            resolved = ResolveReshape(call, scope);
            if (resolved is not null && input is not null)
            {
                var target = Shape.Of(resolved.Arguments.Select(a => a.Number!.IntValue).ToArray());
                output = shapes.CheckSize("reshape", target, call.Range);
                if (output is not null && output.ElementCount != input.ElementCount)
                {
                    diagnostics.Report(DiagnosticDescriptors.ReshapeCount, call.Range, target, target.ElementCount, input, input.ElementCount);
                    output = null;
                }
            }
        }
        else
        {
            resolved = arguments.Resolve(call.Name, layer.Parameters, call.Arguments ?? new ArgumentSyntax[0], call.NameRange, scope);
            if (layer.Shape?.Rule == LayerShapeRule.TeacherForcing)
            {
                output = BindTeacherForcing(call, resolved, input);
            }
            else
            {
                if (resolved is not null && input is not null) output = shapes.Infer(layer, resolved, input, call.Range);
                if (resolved is not null && afterTeacherForcing && WhySeesLaterTokens(layer, resolved) is { } fix)
                {
                    diagnostics.Report(DiagnosticDescriptors.SeesLaterTokens, call.NameRange, call.Name, fix);
                    output = null;
                }
            }
        }
        current = output;
        into.Add(new LayerSpec(call.Name, resolved?.ToArray() ?? EquatableArray<Argument>.Empty, input ?? Shape.Of(), output ?? Shape.Of(), source.Span(call.Range)));
        CountLayer(section, call.Range);
    }

    /// <summary>A custom layer: its arguments are bound as written (numbers, or the words true and false) for the
    /// generator to match against the type's constructors; its output is the declared shape, with the sizes named in
    /// its input shape bound to the sizes it receives.</summary>
    private void BindCustom(CustomLayerSyntax custom, IReadOnlyDictionary<string, Expr>? scope, List<LayerSpec> into, ref Shape? current)
    {
        var input = current;
        var what = custom.TypeName;
        var ok = true;
        foreach (var part in custom.TypeName.Split('.'))
        {
            if (Identifiers.IsCSharpKeyword(part))
            {
                diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, custom.TypeRange, part, "type", "it is a C# keyword");
                ok = false;
            }
        }
        var bound = BindCustomArguments(custom, scope, ref ok);
        var sizes = new Dictionary<string, Expr>();
        if (scope is not null) foreach (var pair in scope) sizes[pair.Key] = pair.Value;
        var names = new List<string>();
        if (custom.Input is { } pattern)
        {
            for (var i = 0; i < pattern.Count; i++)
            {
                if (pattern[i] is not NameSyntax name)
                {
                    diagnostics.Report(DiagnosticDescriptors.CustomInputNotNames, pattern[i].Range, what, "a size is a name; write the rule in the output shape");
                    ok = false;
                    continue;
                }
                if (names.Contains(name.Name) || expressions.IsHyper(name.Name) || scope is not null && scope.ContainsKey(name.Name))
                {
                    var reason = names.Contains(name.Name) ? $"'{name.Name}' is named twice" : $"'{name.Name}' is already a hyper-parameter or block parameter; choose another name";
                    diagnostics.Report(DiagnosticDescriptors.CustomInputNotNames, name.Range, what, reason);
                    ok = false;
                    continue;
                }
                names.Add(name.Name);
                var size = input is not null && i < input.Rank ? input.Dims[i] : 1;
                sizes[name.Name] = new InputSizeExpr(name.Name, i, size);
            }
            if (ok && input is not null && input.Rank != pattern.Count)
            {
                var expected = "[" + string.Join(", ", names) + "]";
                diagnostics.Report(DiagnosticDescriptors.RankMismatch, custom.InputRange, "custom layer " + what, expected, input);
                ok = false;
            }
        }
        var output = new List<Expr>();
        foreach (var dim in custom.Output)
        {
            var value = expressions.Bind(dim, sizes);
            if (value is null)
            {
                ok = false;
                continue;
            }
            var written = source.Text.Substring(dim.Range.Start, dim.Range.End - dim.Range.Start);
            if (value.Kind != NumberKind.Int)
            {
                diagnostics.Report(DiagnosticDescriptors.ArgumentType, dim.Range, "size", "custom layer " + what, "an integer", expressions.Describe(dim, value, written, integerExpected: true));
                ok = false;
                continue;
            }
            output.Add(value);
        }
        Shape? declared = null;
        if (ok && input is not null)
        {
            declared = Shape.Of(output.Select(d => d.IntValue).ToArray());
            if (declared.Dims.Any(d => d <= 0))
            {
                diagnostics.Report(DiagnosticDescriptors.NonPositiveSize, custom.OutputRange, "custom layer " + what, input, declared);
                declared = null;
            }
            else
            {
                declared = shapes.CheckSize("custom layer " + what, declared, custom.OutputRange);
            }
        }
        current = declared;
        var spec = new CustomLayerSpec(custom.TypeName, source.Span(custom.TypeRange), names.ToEquatableArray(), output.ToEquatableArray());
        into.Add(new LayerSpec("custom", bound.ToEquatableArray(), input ?? Shape.Of(), declared ?? Shape.Of(), source.Span(custom.Range), Custom: spec));
        CountLayer("custom", custom.Range);
    }

    /// <summary>Positional arguments named "0", "1", … (they precede the named ones, each name once); a bare
    /// <c>true</c> or <c>false</c> that is no hyper-parameter is a word.</summary>
    private List<Argument> BindCustomArguments(CustomLayerSyntax custom, IReadOnlyDictionary<string, Expr>? scope, ref bool ok)
    {
        var bound = new List<Argument>();
        var sawNamed = false;
        var seen = new HashSet<string>();
        for (var i = 0; i < custom.Arguments.Count; i++)
        {
            var argument = custom.Arguments[i];
            if (argument.Name is null && sawNamed)
            {
                diagnostics.Report(DiagnosticDescriptors.PositionalAfterNamed, argument.Range, "custom layer " + custom.TypeName);
                ok = false;
                continue;
            }
            sawNamed |= argument.Name is not null;
            var name = argument.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!seen.Add(name))
            {
                diagnostics.Report(DiagnosticDescriptors.DuplicateArgument, argument.NameRange, name, "custom layer " + custom.TypeName);
                ok = false;
                continue;
            }
            if (argument.Value is NameSyntax { Name: "true" or "false" } word && !expressions.IsHyper(word.Name) && (scope is null || !scope.ContainsKey(word.Name)))
            {
                bound.Add(new Argument(name, null, word.Name));
                continue;
            }
            var value = expressions.Bind(argument.Value, scope);
            if (value is null)
            {
                ok = false;
                continue;
            }
            bound.Add(new Argument(name, value));
        }
        return bound;
    }
    /// <summary>teacher_forcing: the decoder's first layer, on a token input; [F] → [L, F + dim].</summary>
    private Shape? BindTeacherForcing(LayerCallSyntax call, ResolvedArguments? resolved, Shape? input)
    {
        if (!atDecoderStart || nesting > 0)
        {
            diagnostics.Report(DiagnosticDescriptors.TeacherForcingPlace, call.NameRange);
            return null;
        }
        if (QuantizedLatent is { } quantized)
        {
            diagnostics.Report(DiagnosticDescriptors.TeacherForcingAfterQuantized, call.NameRange, quantized);
            return null;
        }
        if (Tokens is not { } tokens)
        {
            diagnostics.Report(DiagnosticDescriptors.TeacherForcingNeedsTokens, call.NameRange, TokenSources.Input, TokenSources.Likelihood);
            return null;
        }
        afterTeacherForcing = true;
        if (resolved is null || input is null) return null;
        foreach (var token in new[] { "start", "unknown" })
        {
            var value = resolved.Number(token).IntValue;
            if (value >= tokens.Vocab)
            {
                diagnostics.Report(DiagnosticDescriptors.ArgumentRange, resolved.RangeOf(token) ?? call.NameRange, token, "teacher_forcing",
                    $"a token of the vocabulary, less than {NumberFormat.Of(tokens.Vocab)}", NumberFormat.Of(value));
                return null;
            }
        }
        return shapes.CheckSize("teacher_forcing", Shape.Of(tokens.Length, input.Dims[0] + resolved.Number("dim").IntValue), call.Range);
    }

    /// <summary>Why a layer after teacher_forcing would let a position see later tokens, as the fix to write; null
    /// when it acts on each position alone or only looks back.</summary>
    private static string? WhySeesLaterTokens(Construct layer, ResolvedArguments resolved) => layer.Shape?.Rule switch
    {
        LayerShapeRule.Linear or LayerShapeRule.Keep or LayerShapeRule.Positional or LayerShapeRule.Residual => null,
        LayerShapeRule.Recurrent => resolved.Word("bidirectional") == "true" ? "write bidirectional: false" : null,
        LayerShapeRule.Attention => resolved.Word("causal") == "true" ? null : "write causal: true",
        _ => "use layers that act on each position alone (linear, activations, dropout, positional), lstm or gru, or causal self_attention or transformer",
    };

    private ResolvedArguments? ResolveReshape(LayerCallSyntax call, IReadOnlyDictionary<string, Expr>? scope)
    {
        var given = call.Arguments ?? new ArgumentSyntax[0];
        var named = given.FirstOrDefault(a => a.Name is not null);
        if (named is not null)
        {
            diagnostics.Report(DiagnosticDescriptors.UnknownArgument, named.NameRange, "reshape", named.Name!, "only positional sizes");
            return null;
        }
        if (given.Count == 0)
        {
            diagnostics.Report(DiagnosticDescriptors.MissingArgument, call.NameRange, "reshape", "0");
            return null;
        }
        var specs = given.Select((_, i) => ConstructParameter.Int(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "A size.")).ToArray();
        return arguments.Resolve("reshape", specs, given, call.NameRange, scope);
    }

    private void BindBlockUse(string section, LayerCallSyntax call, BlockSyntax block, IReadOnlyDictionary<string, Expr>? callerScope, List<LayerSpec> into, ref Shape? current)
    {
        UsedBlocks.Add(block.Name);
        if (expanding.Contains(block.Name))
        {
            diagnostics.Report(DiagnosticDescriptors.RecursiveBlock, call.NameRange, block.Name);
            current = null;
            return;
        }
        if (expanding.Count >= MaxBlockDepth)
        {
            diagnostics.Report(DiagnosticDescriptors.BlockNestingTooDeep, call.NameRange, block.Name, MaxBlockDepth);
            current = null;
            stopped = true;
            return;
        }
        if (call.Body is not null) diagnostics.Report(DiagnosticDescriptors.UnexpectedBody, call.NameRange, "block " + block.Name);
        // Block parameters are numbers; a default is written as an expression over hyper-parameters.
        var specs = block.Parameters.Select(p => new ConstructParameter(p.Name, ParameterType.Number, ValueRange.Any, p.Default is null ? null : 0d, null, ConstructParameter.NoWords, null, "")).ToArray();
        var resolved = arguments.Resolve(block.Name, specs, call.Arguments ?? new ArgumentSyntax[0], call.NameRange, callerScope);
        if (resolved is null)
        {
            current = null;
            return;
        }
        var scope = new Dictionary<string, Expr>();
        foreach (var parameter in block.Parameters)
        {
            var value = resolved.RangeOf(parameter.Name) is null && parameter.Default is not null
                ? expressions.Bind(parameter.Default, null)
                : resolved.Number(parameter.Name);
            if (value is null)
            {
                current = null;
                return;
            }
            scope[parameter.Name] = value;
        }
        expanding.Add(block.Name);
        nesting++;
        BindItems(section, block.Body, scope, into, ref current);
        nesting--;
        expanding.RemoveAt(expanding.Count - 1);
    }

    private void CountLayer(string section, TextRange range)
    {
        if (++layerCount <= MaxLayers) return;
        diagnostics.Report(DiagnosticDescriptors.TooManyLayers, range, section, MaxLayers);
        stopped = true;
    }
}
