using StreamJsonRpc;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Go to definition of a hyper-parameter, block, block parameter or latent.</summary>
public sealed class DefinitionHandler
{
    private readonly ServerContext context;

    public DefinitionHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/definition")]
    public Location? Definition(TextDocumentPositionParams request) => context.Guard.Request("textDocument/definition", () =>
        context.FindName(request.TextDocument, request.Position) is var (document, occurrence)
            ? new Location(document.Uri, Range.From(occurrence.Symbol.NameSpan))
            : null);
}
