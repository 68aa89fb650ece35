using System.Linq;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Independent errors are all reported; a broken member or model does not hide or multiply others.</summary>
public class RecoveryTests
{
    private static string[] Located(string source) =>
        Compile.File(source).Diagnostics.Select(d => $"{d.Id}@{d.Span.StartLine + 1}:{d.Span.StartColumn + 1}").ToArray();

    [Fact]
    public void Errors_in_two_models_are_all_reported_and_the_good_model_survives()
    {
        var source = """
            model A {
              input x: [1, 28, 28]
              hyper hidden = 400
              encoder { flatten linear(hidden relu }
              latent z ~ Normal(20)
              decoder { linear(hidden) relu linear(1024) reshape(1, 32, 32) }
              likelihood Bernoulli
              loss = recon + kl
            }
            model B {
              input x: [1, 28, 28]
              encoder { flatten lnear(10) }
              latent z ~ Normal(2.5)
              decoder { linear(784) reshape(1, 28, 28) }
              likelihood Bernouli
              loss = recon + kl
            }
            """ + "\n" + Compile.Model();
        Assert.Equal(new[] { "VAE0001@4:35", "VAE0205@6:46", "VAE0102@12:21", "VAE0107@13:21", "VAE0113@15:14" }, Located(source));
        Assert.Equal("M", Assert.Single(Compile.File(source).Models).Name);
    }

    [Fact]
    public void A_missing_closing_brace_of_a_section_is_reported_where_the_next_member_starts()
    {
        var source = Compile.Model(encoder: "encoder { flatten linear(64)");
        Assert.Equal(new[] { "VAE0001@5:3" }, Located(source));
        Assert.Contains("expected '}' at 5:3, found 'latent'", Compile.File(source).Diagnostics[0].Message);
    }

    [Fact]
    public void A_missing_closing_brace_of_a_model_is_reported_before_the_next_model()
    {
        var source = Compile.Model().TrimEnd().TrimEnd('}') + "\n" + Compile.Model().Replace("model M", "model N");
        Assert.Equal(new[] { "VAE0001@13:1" }, Located(source));
        Assert.Equal("N", Assert.Single(Compile.File(source).Models).Name);
    }

    [Fact]
    public void Garbage_between_models_is_one_error()
    {
        var source = Compile.Model() + "%%% garbage here\nmore garbage\n" + Compile.Model().Replace("model M", "model N");
        Assert.Equal(new[] { "VAE0001@13:1" }, Located(source));
        Assert.Equal(2, Compile.File(source).Models.Count);
    }

    [Fact]
    public void A_broken_member_does_not_hide_later_errors_in_the_same_model()
    {
        var source = Compile.Model(hyper: "hyper a = = 3", prior: "prior q ~ StandardNormal");
        Assert.Equal(new[] { "VAE0001@3:13", "VAE0114@6:9" }, Located(source));
    }

    [Fact]
    public void An_unknown_member_keyword_is_one_error()
    {
        var source = Compile.Model(extra: "optimizer adam");
        Assert.Equal(new[] { "VAE0001@11:3" }, Located(source));
        Assert.StartsWith("expected a model member (input, condition, hyper, encoder, latent, prior, decoder, likelihood, loss, train, block) or '}' at 11:3", Compile.File(source).Diagnostics[0].Message);
    }

    [Fact]
    public void A_shape_error_stops_shape_checks_for_the_rest_of_the_sequence_only()
    {
        var source = Compile.Model(encoder: "encoder { conv2d(8, 40) conv2d(8, 3) flatten }");
        Assert.Equal(new[] { "VAE0202@4:13" }, Located(source));
    }

    [Fact]
    public void An_error_in_a_repeated_body_is_reported_once()
    {
        Assert.Equal(new[] { "VAE0108@4:40" }, Located(Compile.Model(encoder: "encoder { flatten repeat 3 { dropout(2.0) } }")));
    }

    [Fact]
    public void An_error_in_a_shared_block_is_reported_once_and_fails_every_model_using_it()
    {
        var source = "block Bad { dropout(2.0) }\n" + Compile.Model(encoder: "encoder { flatten Bad }") +
            Compile.Model(encoder: "encoder { flatten Bad }").Replace("model M", "model N");
        var file = Compile.File(source);
        Assert.Equal(new[] { "VAE0108@1:21" }, Located(source));
        Assert.Empty(file.Models);
    }

    [Fact]
    public void A_syntax_error_in_a_one_line_model_does_not_report_the_skipped_sections_as_missing()
    {
        var source = "model M { input x: [1, 28, 28] hyper a = 0x10 encoder { flatten linear(64) } latent z ~ Normal(8) " +
            "decoder { linear(784) reshape(1, 28, 28) } likelihood Bernoulli loss = recon + kl }";
        Assert.Equal(new[] { "VAE0001@1:43" }, Located(source));
    }
}
