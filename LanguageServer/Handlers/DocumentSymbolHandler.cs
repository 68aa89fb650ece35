using System.Linq;
using StreamJsonRpc;
using VaeDsl.Dsl.Navigation;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>The outline: file-level blocks and models, with their inputs, hyper-parameters, blocks, latents and sections.</summary>
public sealed class DocumentSymbolHandler
{
    private readonly ServerContext context;

    public DocumentSymbolHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/documentSymbol")]
    public DocumentSymbol[]? DocumentSymbols(DocumentSymbolParams request) => context.Guard.Request("textDocument/documentSymbol", () =>
        context.Documents.Get(request.TextDocument.Uri)?.Analysis.Symbols.Select(Convert).ToArray());

    private static DocumentSymbol Convert(DeclaredSymbol symbol) => new(
        symbol.Name,
        symbol.Detail,
        KindOf(symbol.Kind),
        Range.From(symbol.Span),
        Range.From(symbol.NameSpan),
        symbol.Children.Select(Convert).ToArray());

    /// <summary>The protocol's SymbolKind numbers closest to each declaration.</summary>
    private static int KindOf(SymbolKind kind) => kind switch
    {
        SymbolKind.Model => 5,             // Class: the generated module
        SymbolKind.HyperParameter => 7,    // Property: of the generated options record
        SymbolKind.Block => 12,            // Function
        SymbolKind.BlockParameter => 26,   // TypeParameter
        SymbolKind.Latent => 8,            // Field
        SymbolKind.Input or SymbolKind.Condition => 13, // Variable
        _ => 2,                            // Module: encoder, decoder, likelihood, loss, train
    };
}
