using System;
using StreamJsonRpc;
using VaeDsl.Dsl.Formatting;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Format document: the front end's one layout as a single edit; no edit when the text is already
/// formatted or has a syntax error (then the diagnostics say where).</summary>
public sealed class FormattingHandler
{
    private readonly ServerContext context;

    public FormattingHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/formatting")]
    public TextEdit[]? Format(DocumentFormattingParams request) => context.Guard.Request("textDocument/formatting", () =>
    {
        var document = context.Documents.Get(request.TextDocument.Uri);
        if (document is null) return null;
        var text = document.Analysis.Text;
        var formatted = VaeFormatter.Format(text);
        if (formatted is null || formatted == text) return Array.Empty<TextEdit>();
        return new[] { new TextEdit(Protocol.Range.From(document.Analysis.Span(0, text.Length)), formatted) };
    });
}
