using System;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace VaeDsl.LanguageServer;

/// <summary>Keeps a failing handler from reaching the host: a request that throws answers with an internal-error
/// response, a notification that throws is logged, and the server goes on serving either way.</summary>
public sealed class HandlerGuard
{
    private readonly ServerLog log;

    public HandlerGuard(ServerLog log) => this.log = log;

    public T Request<T>(string method, Func<T> handle)
    {
        try
        {
            return handle();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not LocalRpcException)
        {
            log.Error($"{method} failed: {exception}");
            throw new LocalRpcException($"{method} failed: {exception.GetType().Name}: {exception.Message}") { ErrorCode = (int)JsonRpcErrorCode.InternalError };
        }
    }

    public void Notification(string method, Action handle)
    {
        try
        {
            handle();
        }
        catch (Exception exception)
        {
            log.Error($"{method} failed: {exception}");
        }
    }
}
