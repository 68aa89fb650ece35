using System.Text.Json.Serialization;
using VaeDsl.Dsl.Model;

namespace VaeDsl.LanguageServer.Protocol;

// The LSP 3.17 structures this server reads and writes, named as in the specification. Written here because
// the packages that define them (OmniSharp's, Microsoft's) are not on the package source.

/// <summary>A zero-based line and a column in UTF-16 code units (the protocol's default, and the front end's).</summary>
public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End)
{
    public static Range From(SourceSpan span) => new(new Position(span.StartLine, span.StartColumn), new Position(span.EndLine, span.EndColumn));
}

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}

public sealed record TextEdit(Range Range, string NewText);

public sealed record WorkspaceEdit([property: JsonPropertyName("changes")] System.Collections.Generic.Dictionary<string, TextEdit[]> Changes);
