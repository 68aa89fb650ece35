using System.Collections.Generic;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Dsl.Navigation;

public enum SymbolKind
{
    Model,
    Input,
    Condition,
    HyperParameter,
    Block,
    BlockParameter,
    Latent,
    /// <summary>encoder, decoder, likelihood, loss or train: named by its keyword.</summary>
    Section,
}

/// <summary>Something declared in a .vae file, for an outline, go-to-definition and rename. <c>Detail</c> is
/// the declaration's right-hand side as written (a hyper-parameter's default, a latent's family).
/// Compared by identity: each declaration is one object.</summary>
public sealed class DeclaredSymbol
{
    internal DeclaredSymbol(string name, SymbolKind kind, SourceSpan span, SourceSpan nameSpan, string? model, string? documentation, string? detail)
    {
        Name = name;
        Kind = kind;
        Span = span;
        NameSpan = nameSpan;
        Model = model;
        Documentation = documentation;
        Detail = detail;
    }

    public string Name { get; }

    public SymbolKind Kind { get; }

    /// <summary>The whole declaration.</summary>
    public SourceSpan Span { get; }

    /// <summary>The name in the declaration.</summary>
    public SourceSpan NameSpan { get; }

    /// <summary>The model that declares it; null for a model itself and for file-level blocks.</summary>
    public string? Model { get; }

    public string? Documentation { get; }

    public string? Detail { get; }

    public IReadOnlyList<DeclaredSymbol> Children => children;

    internal readonly List<DeclaredSymbol> children = new();

    /// <summary>Whether uses of it can be renamed together (hyper-parameters, blocks, block parameters, latents).</summary>
    public bool IsRenamable => Kind is SymbolKind.HyperParameter or SymbolKind.Block or SymbolKind.BlockParameter or SymbolKind.Latent;

    public override string ToString() => $"{Kind} {Name}";
}

/// <summary>A place where a symbol is named: its declaration or a use.</summary>
public sealed record SymbolOccurrence(DeclaredSymbol Symbol, SourceSpan Span, bool IsDeclaration);
