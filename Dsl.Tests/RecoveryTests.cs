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
        Assert.StartsWith("expected a model member (input, condition, hyper, encoder, latent, prior, inference, decoder, likelihood, loss, train, block) or '}' at 11:3", Compile.File(source).Diagnostics[0].Message);
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

/// <summary>One mistake, one error: nothing a first error causes is reported as a second one.</summary>
public class OneMistakeOneErrorTests
{
    private static string[] Ids(string source) => Compile.File(source).Diagnostics.Select(d => d.Id).ToArray();

    [Theory]
    [InlineData("conv2d(channels: 32, 3)", "VAE0118")]
    [InlineData("conv2d(channels: 32, kernal: 3)", "VAE0103")]
    [InlineData("conv2d(32, kernel_size: 3)", "VAE0103")]
    [InlineData("conv_transpose2d(channels: 32, 3, stride: 1)", "VAE0118")]
    public void An_argument_that_matches_no_parameter_is_not_also_a_missing_argument(string layer, string id) => Assert.Equal(
        new[] { id },
        Ids(Compile.Model(encoder: $"encoder {{ {layer} flatten linear(64) }}")));

    [Fact]
    public void A_required_argument_that_is_really_missing_is_still_reported() => Assert.Equal(
        new[] { "VAE0104" },
        Ids(Compile.Model(encoder: "encoder { conv2d(channels: 32) flatten linear(64) }")));

    [Theory]
    [InlineData("encoder { flatten lineer(hidden) relu }", "latent z ~ Normal(8)")]
    [InlineData("encoder { flatten linear(64, biass: hidden) }", "latent z ~ Normal(8)")]
    [InlineData("encoder { flatten linear(64) }", "latent z ~ Normall(hidden)")]
    [InlineData("encoder { flatten linear(64) shared(width: hidden) }", "latent z ~ Normal(8)")]
    [InlineData("encoder { flatten linear(64) repeat 2 { lineer(hidden) } }", "latent z ~ Normal(8)")]
    [InlineData("encoder { flatten lineer(2 * hidden) relu }", "latent z ~ Normal(8)")]
    [InlineData("encoder { flatten lineer(-hidden) relu }", "latent z ~ Normal(8)")]
    public void A_name_in_the_arguments_of_a_call_that_failed_to_bind_is_used(string encoder, string latent)
    {
        var ids = Ids(Compile.Model(hyper: "hyper hidden = 64", encoder: encoder, latent: latent));
        Assert.Single(ids);
        Assert.DoesNotContain("VAE0119", ids);
    }

    [Fact]
    public void An_unused_hyper_parameter_is_still_reported_in_a_clean_model() => Assert.Equal(
        new[] { "VAE0119" },
        Ids(Compile.Model(hyper: "hyper hidden = 64")));

    [Theory]
    [InlineData("hyper hidden = 64, latent = (8")]
    [InlineData("hyper hidden = 64 latent = 8")]
    [InlineData("hyper hidden = 64, latent = 8 +")]
    [InlineData("hyper hidden = , latent = 8")]
    public void After_a_syntax_error_in_a_hyper_line_its_names_are_not_unknown(string hyper)
    {
        var text = Compile.Model(hyper: hyper, encoder: "encoder { flatten linear(hidden) relu }", latent: "latent z ~ Normal(latent)",
            decoder: "decoder { linear(hidden) relu linear(784) reshape(1, 28, 28) }");
        Assert.Equal(new[] { "VAE0001" }, Ids(text));
    }

    [Theory]
    [InlineData("/* never closed", "")]
    [InlineData("  input x: [1, 28, 28]\n  /* never closed", "input")]
    [InlineData("  encoder { flatten /* never closed", "encoder")]
    [InlineData("  encoder { flatten linear(64, /* never closed", "encoder")]
    [InlineData("  hyper a = /* never closed", "hyper")]
    public void An_unterminated_comment_is_one_error_wherever_it_starts(string tail, string cut)
    {
        // The comment starts after a complete model, or inside an unfinished one that it swallows.
        var text = cut == "" ? Compile.Model() + tail : "model M {\n" + tail;
        Assert.Equal(new[] { "VAE0003" }, Ids(text));
    }
}
