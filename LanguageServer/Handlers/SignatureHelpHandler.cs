using System.Linq;
using StreamJsonRpc;
using VaeDsl.LanguageServer.Protocol;

namespace VaeDsl.LanguageServer.Handlers;

/// <summary>Signature help inside a call's parentheses: the construct's or block's parameters with their
/// defaults, the one being written highlighted.</summary>
public sealed class SignatureHelpHandler
{
    public static readonly string[] TriggerCharacters = { "(", "," };

    private readonly ServerContext context;

    public SignatureHelpHandler(ServerContext context) => this.context = context;

    [JsonRpcMethod("textDocument/signatureHelp")]
    public SignatureHelp? SignatureHelp(CompletionParams request) => context.Guard.Request("textDocument/signatureHelp", () =>
    {
        if (context.Find(request.TextDocument, request.Position) is not var (document, offset)) return null;
        var signature = document.Analysis.SignatureAt(offset);
        if (signature is null) return null;
        var parameters = signature.Parameters
            .Select(p => new ParameterInformation(p.Label, p.Documentation is { Length: > 0 } doc ? MarkupContent.Markdown(doc) : null))
            .ToArray();
        var documentation = signature.Documentation is { Length: > 0 } text ? MarkupContent.Markdown(text) : null;
        return new SignatureHelp(new[] { new SignatureInformation(signature.Label, documentation, parameters) }, 0, signature.Active >= 0 ? signature.Active : null);
    });
}
