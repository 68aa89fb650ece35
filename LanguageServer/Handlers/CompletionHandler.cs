using System.Globalization;
using System.Linq;
using StreamJsonRpc;
using VaeDsl.Dsl.Navigation;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Completion: what the front end says may be written at the cursor (from the construct catalogue, the
/// file's own names and, after <c>custom</c>, the C# types named by the custom layers of every open file), in the
/// front end's order.</summary>
public sealed class CompletionHandler
{
    /// <summary>A space triggers completion only after <c>custom</c>: elsewhere a space answers nothing.</summary>
    public static readonly string[] TriggerCharacters = { "(", ",", ":", "~", "{", " " };

    private readonly ServerContext context;

    public CompletionHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/completion")]
    public CompletionList? Completion(CompletionParams request) => context.Guard.Request("textDocument/completion", () =>
    {
        if (context.Find(request.TextDocument, request.Position) is not var (document, offset)) return null;
        var workspace = context.Documents.All.Where(d => d.Uri != document.Uri).OrderBy(d => d.Uri, System.StringComparer.Ordinal).Select(d => d.Analysis);
        var suggestions = document.Analysis.Suggest(offset, workspace)
            .Where(s => request.Context?.TriggerCharacter != " " || s.Kind is SuggestionKind.CustomType or SuggestionKind.Snippet);
        var items = suggestions.Select((s, i) => new CompletionItem(
            s.Label,
            KindOf(s),
            s.Detail,
            s.Documentation is { Length: > 0 } doc ? MarkupContent.Markdown(doc) : null,
            s.Insert,
            i.ToString("D4", CultureInfo.InvariantCulture),
            s.Kind == SuggestionKind.Snippet ? 2 : null));
        return new CompletionList(false, items.ToArray());
    });

    /// <summary>The protocol's CompletionItemKind numbers.</summary>
    private static int KindOf(Suggestion suggestion) => suggestion.Kind switch
    {
        SuggestionKind.Keyword => 14,
        SuggestionKind.Construct => 3,         // Function
        SuggestionKind.Block => 9,             // Module
        SuggestionKind.Parameter => 10,        // Property
        SuggestionKind.Word => 20,             // EnumMember
        SuggestionKind.HyperParameter => 21,   // Constant
        SuggestionKind.CustomType => 7,        // Class
        SuggestionKind.Snippet => 15,
        _ => 25,                               // TypeParameter: a block parameter
    };
}
