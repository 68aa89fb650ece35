namespace VaeDsl.LanguageServer.Protocol;

public sealed record Hover(MarkupContent Contents, Range Range);

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

/// <summary>An outline entry; <c>Kind</c> is the protocol's SymbolKind number.</summary>
public sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, DocumentSymbol[] Children);

public sealed record FoldingRangeParams(TextDocumentIdentifier TextDocument);

public sealed record FoldingRange(int StartLine, int EndLine, string Kind);

public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext Context);

public sealed record DocumentHighlight(Range Range, int Kind);

public sealed record RenameParams(TextDocumentIdentifier TextDocument, Position Position, string NewName);

public sealed record PrepareRenameResult(Range Range, string Placeholder);

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, Range Range);

/// <summary><c>Kind</c> 1 is a type hint, the kind shapes are.</summary>
public sealed record InlayHint(Position Position, string Label, int Kind, bool PaddingLeft);

/// <summary><c>Context</c> says how the client asked: typed a trigger character, or asked by itself (null from older clients).</summary>
public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context = null);

/// <summary>The protocol's CompletionTriggerKind (1 invoked, 2 a trigger character, 3 incomplete) and the character typed.</summary>
public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter = null);

/// <summary><c>Kind</c> is the protocol's CompletionItemKind number; <c>InsertTextFormat</c> 2 says <c>InsertText</c> is a
/// snippet (null: plain text).</summary>
public sealed record CompletionItem(string Label, int Kind, string? Detail, MarkupContent? Documentation, string InsertText, string SortText, int? InsertTextFormat = null);

public sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);

public sealed record CompletionOptions(string[] TriggerCharacters);

public sealed record ParameterInformation(string Label, MarkupContent? Documentation);

public sealed record SignatureInformation(string Label, MarkupContent? Documentation, ParameterInformation[] Parameters);

public sealed record SignatureHelp(SignatureInformation[] Signatures, int ActiveSignature, int? ActiveParameter);

public sealed record SignatureHelpOptions(string[] TriggerCharacters);

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument);
