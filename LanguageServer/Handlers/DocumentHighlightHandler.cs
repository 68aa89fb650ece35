using System.Linq;
using StreamJsonRpc;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Highlights the other places of the name under the cursor: its declaration as a write, its uses as reads.</summary>
public sealed class DocumentHighlightHandler
{
    private readonly ServerContext context;

    public DocumentHighlightHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/documentHighlight")]
    public DocumentHighlight[]? Highlights(TextDocumentPositionParams request) => context.Guard.Request("textDocument/documentHighlight", () =>
    {
        if (context.FindName(request.TextDocument, request.Position) is not var (document, occurrence)) return null;
        return document.Analysis.OccurrencesOf(occurrence.Symbol).Select(o => new DocumentHighlight(Range.From(o.Span), o.IsDeclaration ? 3 : 2)).ToArray();
    });
}
