using System.Text.Json;

namespace VaeDsl.LanguageServer.Protocol;

public sealed record InitializeParams(int? ProcessId, string? RootUri, JsonElement? Capabilities);

public sealed record ServerInfo(string Name, string Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change);

public sealed record RenameOptions(bool PrepareProvider);

/// <summary>What the server offers; a feature left null is not offered.</summary>
public sealed record ServerCapabilities(
    TextDocumentSyncOptions TextDocumentSync,
    bool HoverProvider,
    bool DocumentSymbolProvider,
    bool FoldingRangeProvider,
    bool DefinitionProvider,
    bool ReferencesProvider,
    bool DocumentHighlightProvider,
    RenameOptions RenameProvider,
    bool InlayHintProvider,
    CompletionOptions CompletionProvider,
    SignatureHelpOptions SignatureHelpProvider,
    bool DocumentFormattingProvider);

public sealed record LogMessageParams(int Type, string Message);
