using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Binding;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl.Navigation;

/// <summary>Walks a syntax tree once: the declarations (with their nesting), every place a hyper-parameter,
/// block, block parameter or latent is named, and the ranges an editor can fold. Names resolve as the binder
/// resolves them: a block parameter hides a hyper-parameter inside its block; a block is local or file-level.</summary>
internal sealed class OutlineBuilder
{
    private readonly SourceText source;

    public OutlineBuilder(SourceText source) => this.source = source;

    public List<DeclaredSymbol> Symbols { get; } = new();

    public List<SymbolOccurrence> Occurrences { get; } = new();

    public List<TextRange> Folds { get; } = new();

    public void Build(FileSyntax file)
    {
        var fileBlocks = new Dictionary<string, DeclaredSymbol>();
        var fileBlockSyntax = new List<(BlockSyntax, DeclaredSymbol)>();
        foreach (var block in file.Blocks)
        {
            var symbol = Declare(block.Name, SymbolKind.Block, block.Range, block.NameRange, null, null, Parameters(block), Symbols);
            if (!fileBlocks.ContainsKey(block.Name)) fileBlocks[block.Name] = symbol;
            fileBlockSyntax.Add((block, symbol));
        }
        foreach (var (block, symbol) in fileBlockSyntax)
        {
            VisitBlock(block, symbol, new Dictionary<string, DeclaredSymbol>(), fileBlocks);
        }
        foreach (var model in file.Models) VisitModel(model, fileBlocks);
        // In text order, as an editor lists references.
        Occurrences.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
    }

    private void VisitModel(ModelSyntax model, Dictionary<string, DeclaredSymbol> fileBlocks)
    {
        var symbol = Declare(model.Name, SymbolKind.Model, model.Range, model.NameRange, null, model.Documentation, null, Symbols);
        Fold(model.Range);
        var children = symbol.children;
        var hypers = new Dictionary<string, DeclaredSymbol>();
        var ownBlocks = new Dictionary<string, DeclaredSymbol>();
        var blocks = new BlockScope<DeclaredSymbol>(ownBlocks, fileBlocks);
        var latents = new Dictionary<string, DeclaredSymbol>();
        var localBlocks = new List<(BlockSyntax, DeclaredSymbol)>();
        foreach (var member in model.Members)
        {
            switch (member)
            {
                case InputSyntax input:
                    Declare(input.Name, SymbolKind.Input, input.Range, input.NameRange, model.Name, null, Text(input.Range), children);
                    break;
                case ConditionSyntax condition:
                    Declare(condition.Name, SymbolKind.Condition, condition.Range, condition.NameRange, model.Name, null, Text(condition.Kind.Range), children);
                    break;
                case HyperSyntax hyper:
                    foreach (var definition in hyper.Definitions)
                    {
                        var declared = Declare(definition.Name, SymbolKind.HyperParameter, definition.Range, definition.NameRange, model.Name, definition.Documentation, Text(definition.Value.Range), children);
                        if (!hypers.ContainsKey(definition.Name)) hypers[definition.Name] = declared;
                    }
                    break;
                case BlockSyntax block:
                    var blockSymbol = Declare(block.Name, SymbolKind.Block, block.Range, block.NameRange, model.Name, null, Parameters(block), children);
                    if (!blocks.ContainsKey(block.Name)) ownBlocks[block.Name] = blockSymbol;
                    localBlocks.Add((block, blockSymbol));
                    break;
                case DistributionSyntax { Keyword: "latent" } latent:
                    var latentSymbol = Declare(latent.Name, SymbolKind.Latent, latent.Range, latent.NameRange, model.Name, null, Text(latent.Family.Range), children);
                    if (!latents.ContainsKey(latent.Name)) latents[latent.Name] = latentSymbol;
                    break;
                case SectionSyntax section:
                    Declare(section.Kind, SymbolKind.Section, section.Range, section.KeywordRange, model.Name, null, null, children);
                    Fold(section.Range);
                    break;
                case LikelihoodSyntax or LossSyntax or TrainSyntax:
                    Declare(Text(member.KeywordRange), SymbolKind.Section, member.Range, member.KeywordRange, model.Name, null, null, children);
                    if (member is TrainSyntax) Fold(member.Range);
                    break;
            }
        }
        foreach (var (block, blockSymbol) in localBlocks) VisitBlock(block, blockSymbol, hypers, blocks);
        foreach (var member in model.Members)
        {
            foreach (var expression in SyntaxWalk.ExpressionsOf(member)) VisitExpr(expression, hypers);
            switch (member)
            {
                case SectionSyntax section:
                    VisitLayers(section.Layers, hypers, blocks);
                    break;
                case DistributionSyntax { Keyword: "prior" } prior when latents.TryGetValue(prior.Name, out var latent):
                    Use(latent, prior.NameRange);
                    VisitLink(prior.Link, latents, hypers, blocks);
                    break;
                case DistributionSyntax { Keyword: "latent" } latent:
                    VisitLink(latent.Link, latents, hypers, blocks);
                    break;
            }
        }
    }

    private void VisitBlock(BlockSyntax block, DeclaredSymbol symbol, Dictionary<string, DeclaredSymbol> hypers, IReadOnlyDictionary<string, DeclaredSymbol> blocks)
    {
        Fold(block.Range);
        var scope = new Dictionary<string, DeclaredSymbol>(hypers);
        foreach (var parameter in block.Parameters)
        {
            var declared = Declare(parameter.Name, SymbolKind.BlockParameter, parameter.NameRange, parameter.NameRange, symbol.Model, null,
                parameter.Default is null ? null : Text(parameter.Default.Range), symbol.children);
            // Defaults are evaluated without the block's parameters in scope, as the binder does.
            if (parameter.Default is not null) VisitExpr(parameter.Default, hypers);
            scope[parameter.Name] = declared;
        }
        VisitLayers(block.Body, scope, blocks);
    }

    /// <summary>The latent a <c>from</c> or <c>given</c> clause names, and the layers of its network.</summary>
    private void VisitLink(LinkSyntax? link, Dictionary<string, DeclaredSymbol> latents, Dictionary<string, DeclaredSymbol> hypers, IReadOnlyDictionary<string, DeclaredSymbol> blocks)
    {
        if (link is null) return;
        if (latents.TryGetValue(link.Name, out var named)) Use(named, link.NameRange);
        if (link.Layers is { } layers) VisitLayers(layers, hypers, blocks);
    }

    private void VisitLayers(IReadOnlyList<LayerItemSyntax> items, Dictionary<string, DeclaredSymbol> names, IReadOnlyDictionary<string, DeclaredSymbol> blocks)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case RepeatSyntax repeat:
                    VisitExpr(repeat.Count, names);
                    Fold(repeat.Range);
                    VisitLayers(repeat.Body, names, blocks);
                    break;
                case CustomLayerSyntax custom:
                    // The sizes named in the input shape are local to the layer and shadow nothing (the binder refuses a clash).
                    foreach (var argument in custom.Arguments) VisitExpr(argument.Value, names);
                    foreach (var dim in custom.Output) VisitExpr(dim, names);
                    break;
                case LayerCallSyntax call:
                    if (blocks.TryGetValue(call.Name, out var block)) Use(block, call.NameRange);
                    foreach (var argument in call.Arguments ?? new ArgumentSyntax[0]) VisitExpr(argument.Value, names);
                    if (call.Body is not null)
                    {
                        Fold(call.Range);
                        VisitLayers(call.Body, names, blocks);
                    }
                    break;
            }
        }
    }

    private void VisitExpr(ExprSyntax expression, Dictionary<string, DeclaredSymbol> names)
    {
        foreach (var name in SyntaxWalk.NamesIn(expression))
        {
            if (names.TryGetValue(name.Name, out var symbol)) Use(symbol, name.Range);
        }
    }

    private DeclaredSymbol Declare(string name, SymbolKind kind, TextRange range, TextRange nameRange, string? model, string? documentation, string? detail, List<DeclaredSymbol> into)
    {
        var symbol = new DeclaredSymbol(name, kind, source.Span(range), source.Span(nameRange), model, documentation, detail);
        into.Add(symbol);
        Occurrences.Add(new SymbolOccurrence(symbol, symbol.NameSpan, IsDeclaration: true));
        return symbol;
    }

    private void Use(DeclaredSymbol symbol, TextRange range) => Occurrences.Add(new SymbolOccurrence(symbol, source.Span(range), IsDeclaration: false));

    private void Fold(TextRange range) => Folds.Add(range);

    private string Text(TextRange range)
    {
        var start = System.Math.Max(0, System.Math.Min(range.Start, source.Text.Length));
        var end = System.Math.Max(start, System.Math.Min(range.End, source.Text.Length));
        return source.Text.Substring(start, end - start);
    }

    private string Parameters(BlockSyntax block) =>
        "(" + string.Join(", ", block.Parameters.Select(p => p.Default is null ? p.Name : p.Name + " = " + Text(p.Default.Range))) + ")";
}
