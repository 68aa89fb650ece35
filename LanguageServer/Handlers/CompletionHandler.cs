using System.Globalization;
using System.Linq;
using StreamJsonRpc;
using VaeDsl.Dsl.Navigation;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Completion: what the front end says may be written at the cursor (from the construct catalogue and
/// the file's own names), in the front end's order.</summary>
public sealed class CompletionHandler
{
    public static readonly string[] TriggerCharacters = { "(", ",", ":", "~", "{" };

    private readonly ServerContext context;

    public CompletionHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/completion")]
    public CompletionList? Completion(CompletionParams request) => context.Guard.Request("textDocument/completion", () =>
    {
        if (context.Find(request.TextDocument, request.Position) is not var (document, offset)) return null;
        var items = document.Analysis.Suggest(offset).Select((s, i) => new CompletionItem(
            s.Label,
            KindOf(s),
            s.Detail,
            s.Documentation is { Length: > 0 } doc ? MarkupContent.Markdown(doc) : null,
            s.Insert,
            i.ToString("D4", CultureInfo.InvariantCulture)));
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
        _ => 25,                               // TypeParameter: a block parameter
    };
}
