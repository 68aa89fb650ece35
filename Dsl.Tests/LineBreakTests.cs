using System.Linq;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Every character sequence C# and editors take as a line break is one to the front end too: comments
/// end there, and diagnostics give the line and column an editor shows.</summary>
public class LineBreakTests
{
    public static TheoryData<string> LineBreaks => new() { "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029" };

    private const string Example = """
        /// A documented model,
        /// on two lines.
        model M { // a comment after the brace
          input x: [16]
          hyper hidden = 32 // the width
          encoder { linear(hidden) relu }
          latent z ~ Normal(4)
          prior z ~ StandardNormal // q and p
          decoder { linear(hidden) relu linear(16) }
          likelihood Bernoulli
          loss = recon + kl
        }
        """;

    private static string WithBreaks(string text, string lineBreak) => text.Replace("\r\n", "\n").Replace("\n", lineBreak);

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void A_file_with_these_line_breaks_compiles_like_one_with_newlines(string lineBreak)
    {
        var model = Compile.Clean(WithBreaks(Example, lineBreak));
        var reference = Compile.Clean(WithBreaks(Example, "\n"));

        Assert.Equal("A documented model,\non two lines.", model.Documentation);
        Assert.Equal(reference.Hypers.Select(h => (h.Name, h.Default.Value)), model.Hypers.Select(h => (h.Name, h.Default.Value)));
        Assert.Equal(reference.Encoder.Layers.Select(l => l.Kind), model.Encoder.Layers.Select(l => l.Kind));
        Assert.Equal((reference.Decoder.Layers[2].Span.StartLine, reference.Decoder.Layers[2].Span.StartColumn),
            (model.Decoder.Layers[2].Span.StartLine, model.Decoder.Layers[2].Span.StartColumn));
    }

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void Diagnostics_give_the_line_and_column_an_editor_shows(string lineBreak)
    {
        var file = Compile.File(WithBreaks(Example.Replace("relu linear(16)", "relu lnear(16)"), lineBreak));

        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal(("VAE0102", 9, 33), (diagnostic.Id, diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void Syntax_errors_name_the_line_and_column_in_their_message(string lineBreak)
    {
        var file = Compile.File(WithBreaks(Example.Replace("linear(16)", "linear(16"), lineBreak));

        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal(("VAE0001", 9, 43), (diagnostic.Id, diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
        Assert.Equal("expected ',' or ')' at 9:43, found '}'", diagnostic.Message);
    }

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void A_line_break_ends_a_doc_comment_so_documentation_never_holds_another_break_than_newline(string lineBreak)
    {
        var model = Compile.Clean("/// Safe" + lineBreak + "/// Next" + lineBreak + Compile.Model());
        Assert.Equal("Safe\nNext", model.Documentation);
    }
}
