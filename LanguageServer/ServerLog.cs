using System;
using System.IO;
using StreamJsonRpc;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer;

/// <summary>Messages for the person at the editor (window/logMessage) and, when given, a trace file or stderr.</summary>
public sealed class ServerLog
{
    private readonly TextWriter? trace;
    private JsonRpc? rpc;

    public ServerLog(TextWriter? trace) => this.trace = trace;

    internal void Attach(JsonRpc connection) => rpc = connection;

    public void Error(string message) => Send(1, message);

    public void Info(string message) => Send(3, message);

    private void Send(int type, string message)
    {
        try
        {
            trace?.WriteLine(message);
            trace?.Flush();
            _ = rpc?.NotifyWithParameterObjectAsync("window/logMessage", new LogMessageParams(type, message));
        }
        catch (Exception exception) when (exception is ObjectDisposedException or ConnectionLostException or IOException)
        {
            // The client has gone; there is nobody left to tell.
        }
    }
}
