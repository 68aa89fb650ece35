using System.Collections.Generic;
using System.Linq;
using System.Text;
using StreamJsonRpc;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Navigation;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Rename of a hyper-parameter, block, block parameter or latent at every place it is named. The new
/// name is judged by the front end itself: the renamed text is checked, and a rename that would add an error
/// (a keyword, a clash, a reserved name, not a name at all) is refused with that error's message.</summary>
public sealed class RenameHandler
{
    private const int RequestFailed = -32803;
    private readonly ServerContext context;

    public RenameHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/prepareRename")]
    public PrepareRenameResult? PrepareRename(TextDocumentPositionParams request) => context.Guard.Request("textDocument/prepareRename", () =>
    {
        if (context.FindName(request.TextDocument, request.Position) is not var (_, occurrence) || !occurrence.Symbol.IsRenamable) return null;
        return new PrepareRenameResult(Range.From(occurrence.Span), occurrence.Symbol.Name);
    });

    [JsonRpcMethod("textDocument/rename")]
    public WorkspaceEdit? Rename(RenameParams request) => context.Guard.Request("textDocument/rename", () =>
    {
        if (context.FindName(request.TextDocument, request.Position) is not var (document, occurrence) || !occurrence.Symbol.IsRenamable) return null;
        var analysis = document.Analysis;
        var places = analysis.OccurrencesOf(occurrence.Symbol).Select(o => o.Span).OrderBy(s => s.Start).ToList();
        var renamed = Apply(analysis.Text, places, request.NewName);
        var check = VaeDocument.Analyze("rename", renamed);
        var added = check.File.Diagnostics.Where(d => d.Severity == Severity.Error)
            .FirstOrDefault(d => !analysis.File.Diagnostics.Any(old => old.Id == d.Id && old.Severity == d.Severity));
        if (added is not null || CountErrors(check) > CountErrors(analysis) || !StillOneName(check, places[0].Start, request.NewName, places.Count))
        {
            var reason = added?.Message ?? "it is not a name the file can use here";
            throw new LocalRpcException($"cannot rename '{occurrence.Symbol.Name}' to '{request.NewName}': {reason}") { ErrorCode = RequestFailed };
        }
        var edits = places.Select(p => new TextEdit(Range.From(p), request.NewName)).ToArray();
        return new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [document.Uri] = edits });
    });

    private static int CountErrors(VaeDocument document) => document.File.Diagnostics.Count(d => d.Severity == Severity.Error);

    /// <summary>The new name reads back as one symbol named at as many places as before.</summary>
    private static bool StillOneName(VaeDocument renamed, int first, string name, int count) =>
        renamed.OccurrenceAt(first) is { } at && at.Symbol.Name == name && renamed.OccurrencesOf(at.Symbol).Count() == count;

    private static string Apply(string text, IReadOnlyList<SourceSpan> places, string name)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var place in places)
        {
            result.Append(text, at, place.Start - at).Append(name);
            at = place.End;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }
}
