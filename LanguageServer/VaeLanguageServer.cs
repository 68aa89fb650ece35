using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;
using VaeDsl.LanguageServer.Handlers;

namespace VaeDsl.LanguageServer;

/// <summary>The .vae language server: JSON-RPC with LSP's Content-Length framing over a pair of streams
/// (stdin and stdout for <c>vae lsp</c>), one handler object per feature.</summary>
public static class VaeLanguageServer
{
    /// <summary>Serves until the client sends <c>exit</c> or closes the stream. Returns the process exit code
    /// the protocol asks for: 0 after <c>shutdown</c>, 1 otherwise.</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter? trace = null, CancellationToken cancellationToken = default)
    {
        var formatter = new SystemTextJsonFormatter
        {
            JsonSerializerOptions =
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            },
        };
        var log = new ServerLog(trace);
        var context = new ServerContext(log);
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter))
        {
            // Messages are handled one at a time in the order they arrive, so a request sees every change before it.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };
        log.Attach(rpc);
        var lifecycle = new LifecycleHandler();
        var options = new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true, DisposeOnDisconnect = false };
        rpc.AddLocalRpcTarget(lifecycle, options);
        rpc.AddLocalRpcTarget(new TextDocumentSyncHandler(context, rpc), options);
        rpc.AddLocalRpcTarget(new HoverHandler(context), options);
        rpc.AddLocalRpcTarget(new DocumentSymbolHandler(context), options);
        rpc.AddLocalRpcTarget(new FoldingRangeHandler(context), options);
        rpc.AddLocalRpcTarget(new DefinitionHandler(context), options);
        rpc.AddLocalRpcTarget(new ReferencesHandler(context), options);
        rpc.AddLocalRpcTarget(new DocumentHighlightHandler(context), options);
        rpc.AddLocalRpcTarget(new RenameHandler(context), options);
        rpc.AddLocalRpcTarget(new InlayHintHandler(context), options);
        rpc.AddLocalRpcTarget(new CompletionHandler(context), options);
        rpc.AddLocalRpcTarget(new SignatureHelpHandler(context), options);
        rpc.AddLocalRpcTarget(new FormattingHandler(context), options);
        rpc.StartListening();
        using (cancellationToken.Register(rpc.Dispose))
        {
            try
            {
                await Task.WhenAny(rpc.Completion, lifecycle.Exited).ConfigureAwait(false);
                if (lifecycle.Exited.IsCompleted) return lifecycle.ShutdownRequested ? 0 : 1;
                await rpc.Completion.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A broken connection ends the session; the exit code says it did not end cleanly.
                trace?.WriteLine("connection ended: " + exception.Message);
                return 1;
            }
        }
        return lifecycle.ShutdownRequested ? 0 : 1;
    }
}
