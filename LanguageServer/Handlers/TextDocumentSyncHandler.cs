using System;
using System.Linq;
using StreamJsonRpc;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>didOpen, didChange and didClose: each new text is checked by the front end and its diagnostics are
/// published at once (an empty list clears them; closing a document clears its list).</summary>
public sealed class TextDocumentSyncHandler
{
    private readonly ServerContext context;
    private readonly JsonRpc rpc;

    public TextDocumentSyncHandler(ServerContext context, JsonRpc rpc)
    {
        this.context = context;
        this.rpc = rpc;
    }

    [JsonRpcMethod("textDocument/didOpen")]
    public void DidOpen(DidOpenTextDocumentParams request) => context.Guard.Notification("textDocument/didOpen", () =>
        Publish(context.Documents.Update(request.TextDocument.Uri, request.TextDocument.Version, request.TextDocument.Text)));

    [JsonRpcMethod("textDocument/didChange")]
    public void DidChange(DidChangeTextDocumentParams request) => context.Guard.Notification("textDocument/didChange", () =>
    {
        // Full synchronisation: the last change holds the whole text.
        var text = request.ContentChanges.LastOrDefault()?.Text;
        if (text is null) return;
        var kept = context.Documents.Update(request.TextDocument.Uri, request.TextDocument.Version, text);
        // A change older than the text kept changes nothing, so there is nothing new to publish.
        if (kept.Version == request.TextDocument.Version) Publish(kept);
    });

    [JsonRpcMethod("textDocument/didClose")]
    public void DidClose(DidCloseTextDocumentParams request) => context.Guard.Notification("textDocument/didClose", () =>
    {
        context.Documents.Close(request.TextDocument.Uri);
        _ = rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(request.TextDocument.Uri, null, Array.Empty<Diagnostic>()));
    });

    [JsonRpcMethod("textDocument/didSave")]
    public void DidSave(object? request = null)
    {
    }

    private void Publish(OpenDocument document)
    {
        var diagnostics = document.Analysis.File.Diagnostics.Select(Convert).ToArray();
        _ = rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(document.Uri, document.Version, diagnostics));
    }

    /// <summary>The build's diagnostic as the protocol carries it, linked to its section of docs/diagnostics.md.</summary>
    public static Diagnostic Convert(VaeDiagnostic diagnostic) => new(
        Protocol.Range.From(diagnostic.Span),
        diagnostic.Severity switch { Severity.Error => 1, Severity.Warning => 2, _ => 3 },
        diagnostic.Id,
        DiagnosticDescriptors.All.FirstOrDefault(d => d.Id == diagnostic.Id) is { } descriptor ? new CodeDescription(descriptor.HelpLink) : null,
        "vae",
        diagnostic.Message);
}
