using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>An LSP client over StreamJsonRpc that starts <c>vae lsp</c> as a separate process and talks to it
/// over its stdin and stdout, as an editor does. Collects the diagnostics and log messages the server sends.</summary>
internal sealed class LspClient : IAsyncDisposable
{
    // A guard against a hung server, not a performance expectation.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly JsonRpc rpc;
    private readonly Notifications notifications = new();
    private readonly StringBuilder stderr = new();

    private LspClient(Process process, JsonRpc rpc)
    {
        this.process = process;
        this.rpc = rpc;
    }

    public static async Task<LspClient> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vae.dll"));
        start.ArgumentList.Add("lsp");
        var process = Process.Start(start)!;
        var formatter = new SystemTextJsonFormatter
        {
            JsonSerializerOptions =
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            },
        };
        var duplex = FullDuplexStream.Splice(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(duplex, formatter));
        var client = new LspClient(process, rpc);
        process.ErrorDataReceived += (_, e) => { lock (client.stderr) client.stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        rpc.AddLocalRpcTarget(client.notifications, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        rpc.StartListening();
        client.Capabilities = (await client.RequestAsync("initialize", new { processId = Environment.ProcessId, rootUri = (string?)null, capabilities = new { } })).GetProperty("capabilities");
        await client.NotifyAsync("initialized", new { });
        return client;
    }

    public JsonElement Capabilities { get; private set; }

    public IReadOnlyList<string> LogMessages => notifications.Logs();

    public string ServerErrorOutput
    {
        get { lock (stderr) return stderr.ToString(); }
    }

    public async Task<JsonElement> RequestAsync(string method, object? parameters) =>
        await rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters).WaitAsync(Patience);

    public Task NotifyAsync(string method, object? parameters) => rpc.NotifyWithParameterObjectAsync(method, parameters);

    public static string UriOf(string name) => new Uri(Path.Combine(Path.GetTempPath(), "vae-lsp-tests", name)).AbsoluteUri;

    /// <summary>Opens a document and returns the diagnostics published for it.</summary>
    public async Task<JsonElement> OpenAsync(string uri, string text, int version = 1)
    {
        var published = notifications.Expect(uri, version);
        await NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "vae", version, text } });
        return await published.WaitAsync(Patience);
    }

    public async Task<JsonElement> ChangeAsync(string uri, string text, int version)
    {
        var published = notifications.Expect(uri, version);
        await NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { new { text } } });
        return await published.WaitAsync(Patience);
    }

    public async Task<JsonElement> CloseAsync(string uri)
    {
        var published = notifications.Expect(uri, null);
        await NotifyAsync("textDocument/didClose", new { textDocument = new { uri } });
        return await published.WaitAsync(Patience);
    }

    public Task<JsonElement> AtAsync(string method, string uri, (int Line, int Character) position, object? extra = null)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["textDocument"] = new { uri },
            ["position"] = new { line = position.Line, character = position.Character },
        };
        if (extra is not null)
        {
            foreach (var property in extra.GetType().GetProperties()) parameters[property.Name] = property.GetValue(extra);
        }
        return RequestAsync(method, parameters);
    }

    /// <summary>Ends the session as the protocol says (shutdown, then exit) and returns the server's exit code.</summary>
    public async Task<int> ShutdownAsync()
    {
        await RequestAsync("shutdown", null);
        await NotifyAsync("exit", null);
        await process.WaitForExitAsync().WaitAsync(Patience);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        rpc.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>The server's notifications to the client.</summary>
    public sealed class Notifications
    {
        private readonly List<(string Uri, int? Version, TaskCompletionSource<JsonElement> Done)> waiting = new();
        private readonly List<string> logs = new();

        public Task<JsonElement> Expect(string uri, int? version)
        {
            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (waiting) waiting.Add((uri, version, done));
            return done.Task;
        }

        public IReadOnlyList<string> Logs()
        {
            lock (logs) return logs.ToList();
        }

        [JsonRpcMethod("textDocument/publishDiagnostics")]
        public void PublishDiagnostics(JsonElement parameters)
        {
            var uri = parameters.GetProperty("uri").GetString();
            int? version = parameters.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
            lock (waiting)
            {
                foreach (var match in waiting.Where(w => w.Uri == uri && w.Version == version).ToList())
                {
                    waiting.Remove(match);
                    match.Done.SetResult(parameters.GetProperty("diagnostics").Clone());
                }
            }
        }

        [JsonRpcMethod("window/logMessage")]
        public void LogMessage(JsonElement parameters)
        {
            lock (logs) logs.Add(parameters.GetProperty("message").GetString() ?? "");
        }
    }
}
