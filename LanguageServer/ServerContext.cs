using VaeDsl.Dsl.Navigation;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer;

/// <summary>What every handler shares: the open documents, the guard and the log.</summary>
public sealed class ServerContext
{
    public ServerContext(ServerLog log)
    {
        Log = log;
        Guard = new HandlerGuard(log);
    }

    public DocumentStore Documents { get; } = new();

    public HandlerGuard Guard { get; }

    public ServerLog Log { get; }

    /// <summary>The open document and the offset of a protocol position in it; null for a document not open.</summary>
    public (OpenDocument Document, int Offset)? Find(TextDocumentIdentifier document, Position position)
    {
        var open = Documents.Get(document.Uri);
        if (open is null) return null;
        return (open, open.Analysis.Offset(position.Line, position.Character));
    }

    /// <summary>The open document and the declared or used name at a protocol position, if there is one.</summary>
    public (OpenDocument Document, SymbolOccurrence Occurrence)? FindName(TextDocumentIdentifier document, Position position)
    {
        if (Find(document, position) is not var (open, offset)) return null;
        return open.Analysis.OccurrenceAt(offset) is { } occurrence ? (open, occurrence) : null;
    }
}
