using System.Threading.Tasks;
using StreamJsonRpc;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>initialize (the capabilities), shutdown and exit.</summary>
public sealed class LifecycleHandler
{
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool ShutdownRequested { get; private set; }

    /// <summary>Completes on <c>exit</c>; the connection is closed by the server loop, not inside a handler.</summary>
    public Task Exited => exited.Task;

    [JsonRpcMethod("initialize")]
    public InitializeResult Initialize(InitializeParams request) => new(
        new ServerCapabilities(
            TextDocumentSync: new TextDocumentSyncOptions(OpenClose: true, Change: 1),
            HoverProvider: true,
            DocumentSymbolProvider: true,
            FoldingRangeProvider: true,
            DefinitionProvider: true,
            ReferencesProvider: true,
            DocumentHighlightProvider: true,
            RenameProvider: new RenameOptions(PrepareProvider: true),
            InlayHintProvider: true,
            CompletionProvider: new CompletionOptions(CompletionHandler.TriggerCharacters),
            SignatureHelpProvider: new SignatureHelpOptions(SignatureHelpHandler.TriggerCharacters),
            DocumentFormattingProvider: true),
        new ServerInfo("vae", typeof(LifecycleHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));

    [JsonRpcMethod("initialized")]
    public void Initialized(object? request = null)
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown(object? request = null)
    {
        ShutdownRequested = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit(object? request = null) => exited.TrySetResult();
}
