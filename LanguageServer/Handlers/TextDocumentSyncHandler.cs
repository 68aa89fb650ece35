using System;
using System.Linq;
using System.Text;
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
        var diagnostics = document.Analysis.File.Diagnostics.Select(d => Convert(d, context.Settings.DiagnosticsHelp)).ToArray();
        _ = rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(document.Uri, document.Version, diagnostics));
    }

    public static Diagnostic Convert(VaeDiagnostic diagnostic, string? helpDocument) => new(
        Protocol.Range.From(diagnostic.Span),
        diagnostic.Severity switch { Severity.Error => 1, Severity.Warning => 2, _ => 3 },
        diagnostic.Id,
        HelpLink(diagnostic.Id, helpDocument) is { } link ? new CodeDescription(link) : null,
        "vae",
        diagnostic.Message);

    /// <summary>The diagnostic's section of docs/diagnostics.md ("### VAE0102 Unknown layer (error)" has the
    /// anchor vae0102-unknown-layer-error); null when the docs are not installed or the ID has no entry.</summary>
    public static string? HelpLink(string id, string? helpDocument)
    {
        var descriptor = DiagnosticDescriptors.All.FirstOrDefault(d => d.Id == id);
        if (descriptor is null || helpDocument is null || !System.IO.File.Exists(helpDocument)) return null;
        var heading = $"{descriptor.Id} {descriptor.Title} ({descriptor.Severity.ToString().ToLowerInvariant()})";
        var anchor = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (c == ' ') anchor.Append('-');
            else if (char.IsLetterOrDigit(c) || c == '-' || c == '_') anchor.Append(c);
        }
        return new Uri(System.IO.Path.GetFullPath(helpDocument)).AbsoluteUri + "#" + anchor;
    }
}
