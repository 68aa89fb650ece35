using System.Linq;
using StreamJsonRpc;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Folding: models, blocks, sections and bodies that span more than one line.</summary>
public sealed class FoldingRangeHandler
{
    private readonly ServerContext context;

    public FoldingRangeHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/foldingRange")]
    public FoldingRange[]? FoldingRanges(FoldingRangeParams request) => context.Guard.Request("textDocument/foldingRange", () =>
        context.Documents.Get(request.TextDocument.Uri)?.Analysis.Folds
            .Where(f => f.EndLine > f.StartLine)
            .Select(f => new FoldingRange(f.StartLine, f.EndLine, "region"))
            .Distinct()
            .ToArray());
}
