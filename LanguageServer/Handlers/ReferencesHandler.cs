using System.Linq;
using StreamJsonRpc;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Find references: every place the name under the cursor is declared or used.</summary>
public sealed class ReferencesHandler
{
    private readonly ServerContext context;

    public ReferencesHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/references")]
    public Location[]? References(ReferenceParams request) => context.Guard.Request("textDocument/references", () =>
    {
        if (context.FindName(request.TextDocument, request.Position) is not var (document, occurrence)) return null;
        return document.Analysis.OccurrencesOf(occurrence.Symbol)
            .Where(o => request.Context?.IncludeDeclaration != false || !o.IsDeclaration)
            .Select(o => new Location(document.Uri, Range.From(o.Span)))
            .ToArray();
    });
}
