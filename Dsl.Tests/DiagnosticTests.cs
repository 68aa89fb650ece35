using System.Linq;
using System.Text;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>One test per diagnostic: the smallest input that triggers it, and exactly the ID, message and
/// 1-based line:column expected, with no other diagnostic alongside (one mistake, one report).</summary>
public partial class DiagnosticTests
{
    private static void AssertOnly(string source, string id, string message, int line, int column)
    {
        var file = Compile.File(source);
        var all = string.Join("\n", file.Diagnostics.Select(d => d.ToString()));
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.True(id == diagnostic.Id, all);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal((line, column), (diagnostic.Span.StartLine + 1, diagnostic.Span.StartColumn + 1));
    }

    // ---- syntax ------------------------------------------------------------------------------------------

    [Fact]
    public void VAE0001_syntax_error_says_what_was_expected_where() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64 relu }"),
        "VAE0001", "expected ',' or ')' at 4:31, found 'relu'", 4, 31);

    [Fact]
    public void VAE0001_at_end_of_file() => AssertOnly(
        "model M {\n  input x: [1, 28, 28]\n",
        "VAE0001", "expected '}' to close model M at 3:1, found end of file", 3, 1);

    [Fact]
    public void VAE0002_nesting_too_deep() => AssertOnly(
        Compile.Model(hyper: "hyper a = " + new string('(', 70) + "1" + new string(')', 70)),
        "VAE0002", "brackets are nested more than 64 levels deep", 3, 76);

    [Fact]
    public void VAE0003_unterminated_comment() => AssertOnly(
        Compile.Model() + "/* never closed",
        "VAE0003", "'/*' comment is never closed with '*/'", 13, 1);

    [Fact]
    public void VAE0004_non_ascii_identifier() => AssertOnly(
        Compile.Model().Replace("model M", "model Modèle"),
        "VAE0004", "identifier 'Modèle' contains 'è'; names use ASCII letters, digits and '_'", 1, 7);

    [Fact]
    public void VAE0005_namespace_after_a_model() => AssertOnly(
        Compile.Model() + "namespace Late\n",
        "VAE0005", "'namespace' must come before every model and block, once per file", 13, 1);

    [Fact]
    public void VAE0006_too_many_diagnostics()
    {
        var models = string.Concat(Enumerable.Range(0, 600).Select(i => $"model M{i} {{ }}\n"));
        var file = Compile.File(models);
        Assert.Equal(501, file.Diagnostics.Count);
        var last = file.Diagnostics.Last();
        Assert.Equal(("VAE0006", "more than 500 problems in this file; the rest are not listed"), (last.Id, last.Message));
        // 6 missing sections per model: the 501st diagnostic is the first of model M83, line 84, at its name.
        Assert.Equal((84, 7), (last.Span.StartLine + 1, last.Span.StartColumn + 1));
    }

    // ---- names and arguments ---------------------------------------------------------------------------

    [Fact]
    public void VAE0101_unknown_name() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(hiden) relu }"),
        "VAE0101", "unknown name 'hiden'", 4, 28);

    [Fact]
    public void VAE0102_unknown_layer() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten lnear(64) relu }"),
        "VAE0102", "unknown layer or block 'lnear'", 4, 21);

    [Fact]
    public void VAE0103_unknown_argument() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64, biass: false) relu }"),
        "VAE0103", "linear has no argument 'biass'; it takes features, bias", 4, 32);

    [Fact]
    public void VAE0104_missing_argument() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear relu }"),
        "VAE0104", "linear needs the argument 'features'", 4, 21);

    [Fact]
    public void VAE0105_too_many_arguments() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64, true, 3) relu }"),
        "VAE0105", "linear takes at most 2 positional argument(s), got 3", 4, 38);

    [Fact]
    public void VAE0106_argument_given_twice() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(features: 64, features: 32) relu }"),
        "VAE0106", "argument 'features' of linear is given twice", 4, 42);

    [Fact]
    public void VAE0107_wrong_argument_type() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(2.5)"),
        "VAE0107", "argument 'size' of Normal must be an integer, got 2.5, a float literal", 5, 21);

    [Theory]
    [InlineData("latent z ~ Normal(hidden)", "argument 'size' of Normal must be an integer, got 1000 (hidden)", "hidden")]
    [InlineData("latent z ~ Normal(2 * hidden)", "argument 'size' of Normal must be an integer, got 2000 (2 * hidden)", "2 * hidden")]
    public void VAE0107_names_the_float_literal_that_made_an_integer_a_float(string latent, string message, string at) => AssertOnly(
        Compile.Model(hyper: "hyper hidden = 1e3", latent: latent),
        "VAE0107", message + ", a float because 1e3 is a float literal", 5, 3 + latent.IndexOf(at, System.StringComparison.Ordinal));

    [Theory]
    [InlineData("repeat hidden { relu }", "argument 'count' of repeat")]
    [InlineData("repeat hidden / 2 { relu }", "argument 'count' of repeat")]
    [InlineData("wide(hidden)", "argument 'features' of linear")]
    public void VAE0107_follows_the_float_through_hyper_parameters_and_block_arguments(string layer, string what)
    {
        var text = Compile.Model(hyper: "hyper small = 2.5e1, hidden = small * 4", extra: "block wide(n) { linear(n) }",
            encoder: $"encoder {{ flatten {layer} linear(64) }}");
        var diagnostic = Assert.Single(Compile.File(text).Diagnostics);
        Assert.Equal("VAE0107", diagnostic.Id);
        Assert.StartsWith(what + " must be an integer, got ", diagnostic.Message);
        Assert.EndsWith(", a float because 2.5e1 is a float literal", diagnostic.Message);
    }

    [Fact]
    public void VAE0107_wrong_word() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64, bias: yes) relu }"),
        "VAE0107", "argument 'bias' of linear must be true or false, got yes", 4, 38);

    [Theory]
    [InlineData("gpu")]
    [InlineData("cpu:1")]
    [InlineData("2")]
    public void VAE0107_a_device_that_is_not_one_of_the_settings(string device) => AssertOnly(
        Compile.Model(train: $"train {{ epochs: 2, device: {device} }}"),
        "VAE0107", $"argument 'device' of train must be one of cpu, cuda, cuda:N, auto, got {device}", 10, 30);

    [Fact]
    public void VAE0108_argument_out_of_range() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(0) relu }"),
        "VAE0108", "argument 'features' of linear must be at least 1, got 0", 4, 28);

    [Fact]
    public void VAE0108_names_the_expression_that_produced_the_value() => AssertOnly(
        Compile.Model(hyper: "hyper p = 2", encoder: "encoder { flatten linear(64) dropout(p / 2) }"),
        "VAE0108", "argument 'p' of dropout must be in [0, 1), got 1 (p / 2)", 4, 40);

    [Theory]
    [InlineData("linear(-64)", "-64", "argument 'features' of linear must be at least 1, got -64")]
    [InlineData("repeat -2 { relu }", "-2", "argument 'count' of repeat must be at least 0, got -2")]
    [InlineData("repeat depth - 3 { relu }", "depth", "argument 'count' of repeat must be at least 0, got -1 (depth - 3)")]
    [InlineData("dropout(-depth)", "-depth", "argument 'p' of dropout must be in [0, 1), got -2 (-depth)")]
    public void VAE0108_shows_a_literal_once_and_an_expression_with_its_value(string layer, string at, string message) => AssertOnly(
        Compile.Model(hyper: "hyper depth = 2", encoder: $"encoder {{ flatten linear(depth) {layer} }}"),
        "VAE0108", message, 4, 35 + layer.IndexOf(at, System.StringComparison.Ordinal));

    [Fact]
    public void VAE0109_duplicate_name() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(8)\n  latent z ~ Normal(4)"),
        "VAE0109", "name 'z' is declared more than once", 6, 10);

    [Fact]
    public void VAE0109_duplicate_model() => AssertOnly(
        Compile.Model() + Compile.Model(),
        "VAE0109", "model 'M' is declared more than once", 13, 7);

    [Fact]
    public void VAE0110_keyword_as_name() => AssertOnly(
        Compile.Model(hyper: "hyper class = 64", encoder: "encoder { flatten linear(class) relu }"),
        "VAE0110", "'class' cannot be used as a hyper-parameter name: it is a C# keyword", 3, 9);

    [Fact]
    public void VAE0111_missing_section() => AssertOnly(
        Compile.Model(likelihood: ""),
        "VAE0111", "model M has no likelihood", 1, 7);

    [Fact]
    public void VAE0112_section_given_twice() => AssertOnly(
        Compile.Model(extra: "likelihood Bernoulli"),
        "VAE0112", "model M has more than one likelihood", 11, 3);

    [Fact]
    public void VAE0113_unknown_family() => AssertOnly(
        Compile.Model(prior: "prior z ~ Gaussian"),
        "VAE0113", "unknown prior 'Gaussian'; expected StandardNormal, LearnedNormal, MixtureOfGaussians, VampPrior, Normal, Uniform or FittedCategorical", 6, 13);

    [Fact]
    public void VAE0114_prior_for_unknown_latent() => AssertOnly(
        Compile.Model(prior: "prior w ~ StandardNormal"),
        "VAE0114", "prior for 'w', which is not a latent of this model", 6, 9);

    [Fact]
    public void VAE0115_recursive_block() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64) A }", extra: "block A { relu B }\n  block B { relu A }"),
        "VAE0115", "block 'A' uses itself", 12, 18);

    [Fact]
    public void VAE0116_too_many_layers() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64) repeat 100001 { relu } }"),
        "VAE0116", "the encoder expands to more than 100000 layers", 4, 48);

    [Fact]
    public void VAE0117_division_by_zero() => AssertOnly(
        Compile.Model(hyper: "hyper a = 64 / 0", encoder: "encoder { flatten linear(a) relu }"),
        "VAE0117", "division by zero", 3, 13);

    [Fact]
    public void VAE0117_number_too_large() => AssertOnly(
        Compile.Model(hyper: "hyper a = 1e999", encoder: "encoder { flatten linear(64) dropout(a) }"),
        "VAE0117", "the number 1e999 is too large", 3, 13);

    [Fact]
    public void VAE0118_positional_after_named() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(features: 64, true) relu }"),
        "VAE0118", "positional argument of linear after a named one", 4, 42);

    [Fact]
    public void VAE0119_unused_hyper_is_a_warning()
    {
        var source = Compile.Model(hyper: "hyper unused = 3");
        AssertOnly(source, "VAE0119", "hyper-parameter 'unused' is never used", 3, 9);
        Assert.Equal(Severity.Warning, Compile.File(source).Diagnostics[0].Severity);
        Assert.Single(Compile.File(source).Models);
    }

    [Fact]
    public void VAE0120_unexpected_body() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64) { relu } relu }"),
        "VAE0120", "linear takes no '{ … }' body", 4, 21);

    [Fact]
    public void VAE0121_missing_body() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(64) residual relu }"),
        "VAE0121", "residual needs a '{ … }' body", 4, 32);

    [Fact]
    public void VAE0122_value_not_a_number() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten linear(adam(1)) relu }"),
        "VAE0122", "'adam(…)' is not a number here", 4, 28);

    [Fact]
    public void VAE0123_blocks_nested_too_deep()
    {
        var blocks = new StringBuilder();
        for (var i = 0; i < 70; i++) blocks.Append($"block B{i} {{ B{i + 1} }}\n");
        blocks.Append("block B70 { relu }\n");
        // Line 1 holds B0; B63 (line 64) uses B64, the 65th nested use.
        AssertOnly(blocks + Compile.Model(encoder: "encoder { flatten linear(64) B0 }"),
            "VAE0123", "block 'B64' is used inside more than 64 nested block uses", 64, 13);
    }

    [Fact]
    public void VAE0124_unused_block_is_a_warning()
    {
        var source = "block Spare { lnear(3) }\n" + Compile.Model();
        AssertOnly(source, "VAE0124", "block 'Spare' is never used, so its layers are not checked", 1, 7);
        Assert.Single(Compile.File(source).Models);
    }

    // ---- shapes ------------------------------------------------------------------------------------------

    [Fact]
    public void VAE0201_wrong_input_rank() => AssertOnly(
        Compile.Model(input: "input x: [784]", encoder: "encoder { conv2d(8, 3) flatten }", decoder: "decoder { linear(784) }"),
        "VAE0201", "conv2d needs an input of shape [C, H, W], got [784]", 4, 13);

    [Fact]
    public void VAE0202_non_positive_size() => AssertOnly(
        Compile.Model(encoder: "encoder { conv2d(8, kernel: 29) flatten linear(64) relu }"),
        "VAE0202", "conv2d turns [1, 28, 28] into [8, 0, 0]: every size must be positive", 4, 13);

    [Fact]
    public void VAE0203_reshape_element_count() => AssertOnly(
        Compile.Model(decoder: "decoder { linear(64) relu linear(784) reshape(1, 28, 29) }"),
        "VAE0203", "reshape to [1, 28, 29] needs 812 elements but its input [784] has 784", 7, 41);

    [Fact]
    public void VAE0204_encoder_output_not_flat() => AssertOnly(
        Compile.Model(encoder: "encoder { conv2d(8, kernel: 3) relu }"),
        "VAE0204", "the latent heads need a 1-D encoder output, but the encoder produces [8, 26, 26]; end the encoder with flatten", 4, 34);

    [Fact]
    public void VAE0205_decoder_output_differs_from_what_the_likelihood_needs() => AssertOnly(
        Compile.Model(decoder: "decoder { linear(1024) reshape(1, 32, 32) }"),
        "VAE0205", "decoder produces [1, 32, 32] but the likelihood Bernoulli needs [1, 28, 28]", 7, 26);

    [Fact]
    public void VAE0206_residual_changes_shape() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten residual { linear(10) } relu }"),
        "VAE0206", "residual body produces [10] but its input is [784]", 4, 21);

    [Fact]
    public void VAE0207_groups_do_not_divide_channels() => AssertOnly(
        Compile.Model(encoder: "encoder { conv2d(9, kernel: 3, groups: 3) flatten }"),
        "VAE0207", "conv2d: groups = 3 does not divide input channels = 1", 4, 13);

    [Fact]
    public void VAE0208_shape_too_large() => AssertOnly(
        Compile.Model(encoder: "encoder { conv2d(4096, kernel: 1) upsample(scale: 30) flatten linear(64) relu }"),
        "VAE0208", "upsample produces [4096, 840, 840], more than 2147483647 elements", 4, 37);

    [Fact]
    public void VAE0209_invalid_input_shape() => AssertOnly(
        Compile.Model(input: "input x: [28, 28]"),
        "VAE0209", "input x must be [D] or [C, H, W] with positive sizes, got [28, 28]", 2, 13);

    [Fact]
    public void VAE0217_heads_do_not_divide_the_embedding() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten reshape(28, 28) self_attention(heads: 3) flatten }"),
        "VAE0217", "self_attention: heads = 3 does not divide the embedding size E = 28 of the input [28, 28]", 4, 59);

    [Fact]
    public void VAE0217_is_checked_for_a_transformer_layer_too() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten reshape(28, 28) transformer(5, ff: 64) flatten }"),
        "VAE0217", "transformer: heads = 5 does not divide the embedding size E = 28 of the input [28, 28]", 4, 49);

    [Fact]
    public void VAE0218_pixel_shuffle_channels_not_divisible() => AssertOnly(
        Compile.Model(encoder: "encoder { conv2d(6, kernel: 1) pixel_shuffle(2) flatten }"),
        "VAE0218", "pixel_shuffle(2) needs channels divisible by 2² = 4, got 6 in [6, 28, 28]", 4, 48);

    [Fact]
    public void A_recurrent_layer_needs_a_sequence() => AssertOnly(
        Compile.Model(encoder: "encoder { lstm(16) flatten }"),
        "VAE0201", "lstm needs an input of shape [L, F] (a sequence), got [1, 28, 28]", 4, 13);

    /// <summary>A word model: 12 letter tokens of a vocabulary of 28, the decoder replaceable.</summary>
    private static string Words(string decoder, string likelihood = "likelihood TokenCategorical(vocab: 28)") =>
        Compile.Model(input: "input x: [12]", encoder: "encoder { embedding(28, 8) gru(16, output: last) }", decoder: decoder, likelihood: likelihood);

    [Fact]
    public void A_decoder_reading_the_input_tokens_puts_them_beside_the_latents_at_each_position()
    {
        var model = Compile.Clean(Words("decoder { teacher_forcing(dim: 4, word_dropout: 0.25) lstm(16) linear(28) }"));

        Assert.Equal(Shape.Of(12, 8 + 4), model.Decoder.Layers[0].OutputShape);
        Assert.Equal(Shape.Of(12, 28), model.Decoder.OutputShape);
    }

    [Fact]
    public void VAE0327_teacher_forcing_not_first_in_the_decoder() => AssertOnly(
        Words("decoder { linear(8) teacher_forcing(dim: 4) lstm(16) linear(28) }"),
        "VAE0327", "teacher_forcing must be the first layer of the decoder (not in the encoder, a block, repeat or residual): it reads the input tokens beside the latents", 7, 23);

    [Fact]
    public void VAE0327_teacher_forcing_in_the_encoder() => AssertOnly(
        Compile.Model(input: "input x: [12]", encoder: "encoder { teacher_forcing(dim: 4) flatten }", decoder: "decoder { linear(12 * 28) reshape(12, 28) }", likelihood: "likelihood TokenCategorical(vocab: 28)"),
        "VAE0327", "teacher_forcing must be the first layer of the decoder (not in the encoder, a block, repeat or residual): it reads the input tokens beside the latents", 4, 13);

    [Fact]
    public void VAE0328_teacher_forcing_without_tokens() => AssertOnly(
        Words("decoder { teacher_forcing(dim: 4) lstm(16) linear(1) flatten }", likelihood: "likelihood Gaussian"),
        "VAE0328", "teacher_forcing reads the input as tokens: it needs an input [L] and likelihood TokenCategorical, got input [12] and likelihood Gaussian", 7, 13);

    [Fact]
    public void VAE0329_a_layer_after_teacher_forcing_sees_later_tokens() => AssertOnly(
        Words("decoder { teacher_forcing(dim: 4) lstm(16, bidirectional: true) linear(28) }"),
        "VAE0329", "lstm after teacher_forcing lets a position see the tokens after it, which decoding token by token cannot give; write bidirectional: false", 7, 37);

    [Theory]
    [InlineData("self_attention(heads: 2)", "write causal: true")]
    [InlineData("flatten linear(12 * 28) reshape(12, 28)", "use layers that act on each position alone (linear, activations, dropout, positional), lstm or gru, or causal self_attention or transformer")]
    public void VAE0329_names_the_fix(string layers, string fix)
    {
        var file = Compile.File(Words($"decoder {{ teacher_forcing(dim: 4) {layers} linear(28) }}"));

        Assert.Contains(file.Diagnostics, d => d.Id == "VAE0329" && d.Message.EndsWith(fix));
    }

    [Fact]
    public void A_start_token_outside_the_vocabulary_is_out_of_range() => AssertOnly(
        Words("decoder { teacher_forcing(dim: 4, start: 28) lstm(16) linear(28) }"),
        "VAE0108", "argument 'start' of teacher_forcing must be a token of the vocabulary, less than 28, got 28", 7, 44);

    [Theory]
    [InlineData("[0, 28, 28]", "0")]
    [InlineData("[1, 28, -28]", "-28")]
    [InlineData("[1, 28, 28 - w]", "28 - w")]
    [InlineData("[-784]", "-784")]
    public void VAE0209_points_at_the_size_that_is_not_positive(string shape, string size)
    {
        var text = Compile.Model(hyper: "hyper w = 28", input: "input x: " + shape);
        var file = Compile.File(text);
        var diagnostic = Assert.Single(file.Diagnostics, d => d.Id == "VAE0209");
        Assert.Equal((1, 11 + shape.IndexOf(size, System.StringComparison.Ordinal)), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
        Assert.Equal(size.Length, diagnostic.Span.Length);
    }

    [Fact]
    public void VAE0007_a_file_holding_a_NUL_character_is_not_text() => AssertOnly(
        "model M {\n  \u0001\u0000\u00ff\u0002",
        "VAE0007", "the file is not text: it holds a NUL character at 2:4; a .vae file is UTF-8 text", 2, 4);

    [Fact]
    public void VAE0008_a_file_that_could_not_be_read_says_why_at_its_start()
    {
        // The generator and the editor report this when reading the file throws (the disk, a lock, a permission).
        var diagnostic = Assert.Single(VaeCompiler.ReadFailed("m.vae", "Access to the path 'm.vae' is denied.").Diagnostics);
        Assert.Equal(("VAE0008", "the file could not be read: Access to the path 'm.vae' is denied."), (diagnostic.Id, diagnostic.Message));
        Assert.Equal((0, 0), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    // ---- model combinations ------------------------------------------------------------------------------

    [Fact]
    public void VAE0301_prior_does_not_fit_latent() => AssertOnly(
        Compile.Model(latent: "latent z ~ Categorical(10)"),
        "VAE0301", "prior StandardNormal does not fit the Categorical latent 'z'; use Uniform", 6, 13);

    [Fact]
    public void VAE0302_analytic_kl_claimed_without_closed_form() => AssertOnly(
        Compile.Model(prior: "prior z ~ VampPrior", loss: "loss = recon + kl(method: analytic)"),
        "VAE0302", "the KL of latent 'z' (Normal posterior, VampPrior prior) has no closed form; use method: monte_carlo or auto", 9, 29);

    [Fact]
    public void VAE0303_term_needs_normal_latents() => AssertOnly(
        Compile.Model(latent: "latent z ~ Categorical(10)", prior: "prior z ~ Uniform", loss: "loss = recon + kl + tc"),
        "VAE0303", "tc needs Normal latents, but 'z' is Categorical", 9, 23);

    [Fact]
    public void VAE0304_iwae_combined_with_recon() => AssertOnly(
        Compile.Model(loss: "loss = recon + iwae(k: 3)"),
        "VAE0304", "iwae is a complete bound and cannot be added to recon", 9, 18);

    [Fact]
    public void VAE0305_no_reconstruction_term() => AssertOnly(
        Compile.Model(loss: "loss = kl"),
        "VAE0305", "the loss needs a reconstruction term: recon or iwae", 9, 3);

    [Fact]
    public void VAE0306_schedule_of_a_missing_term() => AssertOnly(
        Compile.Model(loss: "loss = recon + kl warmup(tc, epochs: 5)"),
        "VAE0306", "warmup applies to 'tc', which is not a term of this loss", 9, 28);

    [Fact]
    public void VAE0307_schedule_only_for_kl() => AssertOnly(
        Compile.Model(loss: "loss = recon + kl + mmd free_bits(mmd)"),
        "VAE0307", "free_bits applies only to kl, not to 'mmd'", 9, 37);

    [Fact]
    public void VAE0308_conflicting_schedules() => AssertOnly(
        Compile.Model(loss: "loss = recon + kl warmup(kl) cyclical(kl)"),
        "VAE0308", "'kl' cannot have both warmup and cyclical", 9, 32);

    [Fact]
    public void VAE0309_malformed_loss_part() => AssertOnly(
        Compile.Model(loss: "loss = recon * kl"),
        "VAE0309", "each part of the loss must be one term times numeric weights, but 'recon * kl' multiplies two terms", 9, 10);

    [Fact]
    public void VAE0310_repeated_loss_term() => AssertOnly(
        Compile.Model(loss: "loss = recon + kl + kl"),
        "VAE0310", "loss term 'kl' appears more than once", 9, 23);

    [Fact]
    public void VAE0311_patience_without_validation() => AssertOnly(
        Compile.Model(train: "train { patience: 5 }"),
        "VAE0311", "patience = 5 needs a validation fraction, e.g. validation: 0.1", 10, 21);

    [Fact]
    public void VAE0312_per_element_needs_learned_variance() => AssertOnly(
        Compile.Model(likelihood: "likelihood Gaussian(per: element)"),
        "VAE0312", "per: element applies only to variance: learned", 8, 28);

    [Fact]
    public void VAE0313_vamp_prior_with_a_condition() => AssertOnly(
        Compile.Model(prior: "prior z ~ VampPrior(pseudo_inputs: 10)", extra: "condition y: onehot(10)", decoder: "decoder { linear(784) reshape(1, 28, 28) }"),
        "VAE0313", "VampPrior of 'z' cannot be used with condition 'y': its pseudo-inputs carry no condition", 6, 13);

    // ---- hierarchies of latents ---------------------------------------------------------------------------

    /// <summary>Two stochastic layers: q(z1|x) q(z2|z1) and p(z2) p(z1|z2) p(x|z1).</summary>
    private const string Hierarchy =
        "model M {\n  input x: [1, 28, 28]\n  encoder { flatten linear(64) relu }\n  latent z1 ~ Normal(8)\n" +
        "  latent z2 ~ Normal(4) from z1 { linear(16) relu }\n  prior z2 ~ StandardNormal\n  prior z1 ~ Normal given z2 { linear(16) relu }\n" +
        "  decoder { linear(64) relu linear(784) reshape(1, 28, 28) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n";

    [Fact]
    public void A_two_layer_hierarchy_checks_cleanly() => Assert.Empty(Compile.File(Hierarchy).Diagnostics);

    [Fact]
    public void VAE0125_from_names_no_latent() => AssertOnly(
        Hierarchy.Replace("from z1", "from z9"),
        "VAE0125", "'z9' after from is not a latent of this model; it takes a latent declared before this one", 5, 30);

    [Fact]
    public void VAE0125_given_names_no_latent() => AssertOnly(
        Hierarchy.Replace("given z2", "given z9"),
        "VAE0125", "'z9' after given is not a latent of this model; it takes the latent above this one", 7, 27);

    [Fact]
    public void VAE0126_a_latent_inferred_from_itself() => AssertOnly(
        Hierarchy.Replace("from z1", "from z2"),
        "VAE0126", "latent 'z2' cannot be inferred from 'z2', itself: declare a hierarchy bottom-up, the latent read from the encoder first", 5, 30);

    [Fact]
    public void VAE0126_a_cycle_is_a_latent_inferred_from_a_later_one() => AssertOnly(
        Hierarchy.Replace("latent z1 ~ Normal(8)", "latent z1 ~ Normal(8) from z2"),
        "VAE0126", "latent 'z1' cannot be inferred from 'z2', which is declared after it: declare a hierarchy bottom-up, the latent read from the encoder first", 4, 30);

    [Fact]
    public void VAE0127_a_conditional_prior_without_given() => AssertOnly(
        Hierarchy.Replace("prior z1 ~ Normal given z2 { linear(16) relu }", "prior z1 ~ Normal"),
        "VAE0127", "prior Normal of 'z1' is conditional: name the latent above it, prior z1 ~ Normal given LATENT { … }", 7, 14);

    [Fact]
    public void VAE0127_given_after_a_prior_that_is_not_conditional() => AssertOnly(
        Hierarchy.Replace("prior z2 ~ StandardNormal", "prior z2 ~ StandardNormal given z1"),
        "VAE0127", "prior StandardNormal of 'z2' takes no given; a prior conditioned on the latent above is written prior z2 ~ Normal given LATENT { … }", 6, 29);

    [Fact]
    public void VAE0210_a_network_that_does_not_end_in_a_vector() => AssertOnly(
        Hierarchy.Replace("from z1 { linear(16) relu }", "from z1 { linear(16) relu reshape(4, 4) }"),
        "VAE0210", "the network of latent z2 must produce a vector [F] for the heads of 'z2', but produces [4, 4]; end it with flatten", 5, 51);

    [Fact]
    public void VAE0210_a_conditional_prior_network_that_does_not_end_in_a_vector() => AssertOnly(
        Hierarchy.Replace("given z2 { linear(16) relu }", "given z2 { linear(16) reshape(2, 8) }"),
        "VAE0210", "the network of the prior of z1 must produce a vector [F] for the heads of 'z1', but produces [2, 8]; end it with flatten", 7, 43);

    [Fact]
    public void VAE0314_a_latent_inferred_from_one_whose_prior_is_not_given_it() => AssertOnly(
        Hierarchy.Replace("prior z1 ~ Normal given z2 { linear(16) relu }", "prior z1 ~ StandardNormal"),
        "VAE0314", "latent 'z2' is inferred from 'z1', so the prior of 'z1' must be given 'z2': prior z1 ~ Normal given z2 { … }", 5, 30);

    [Fact]
    public void VAE0314_a_prior_given_a_latent_not_inferred_from_it() => AssertOnly(
        Hierarchy.Replace("latent z2 ~ Normal(4) from z1 { linear(16) relu }", "latent z2 ~ Normal(4)"),
        "VAE0314", "the prior of 'z1' is given 'z2', but latent 'z2' is not inferred from 'z1': write latent z2 ~ Normal(…) from z1 { … }", 7, 27);

    [Fact]
    public void VAE0315_a_hierarchy_of_latents_that_are_not_Normal() => AssertOnly(
        Hierarchy.Replace("latent z2 ~ Normal(4)", "latent z2 ~ Bernoulli(4)").Replace("prior z2 ~ StandardNormal", "prior z2 ~ Uniform"),
        "VAE0315", "a hierarchy of latents needs Normal latents, but 'z2' is Bernoulli", 5, 15);

    [Fact]
    public void VAE0316_a_term_not_available_in_a_hierarchy() => AssertOnly(
        Hierarchy.Replace("loss = recon + kl", "loss = recon + kl + tc"),
        "VAE0316", "the loss term tc is not available in a model with a hierarchy of latents: it is defined on one factorised posterior", 10, 23);

    [Fact]
    public void VAE0317_inference_in_a_model_without_a_hierarchy() => AssertOnly(
        Compile.Model(extra: "inference top_down"),
        "VAE0317", "inference top_down applies to a hierarchy of latents (latent … from …), which model M does not have", 11, 13);

    [Fact]
    public void VAE0323_flow_on_a_latent_that_is_not_Normal() => AssertOnly(
        Compile.Model(latent: "latent z ~ Categorical(10) flow planar(steps: 2)", prior: "prior z ~ Uniform"),
        "VAE0323", "flow planar transforms Normal latents, but 'z' is Categorical", 5, 30);

    [Fact]
    public void VAE0324_analytic_kl_claimed_for_a_flowed_latent() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(8) flow iaf(steps: 2, hidden: 16)", loss: "loss = recon + kl(method: analytic)"),
        "VAE0324", "the KL of latent 'z' has no closed form: its posterior goes through flow iaf; use method: monte_carlo or auto", 9, 29);

    [Fact]
    public void VAE0325_total_correlation_of_a_flowed_latent() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(8) flow radial", loss: "loss = recon + kl + tc"),
        "VAE0325", "tc needs q(z|x) at codes of other examples, which the flow radial of 'z' cannot evaluate; drop the term or the flow", 9, 23);

    [Fact]
    public void VAE0316_an_amortised_flow_on_a_hierarchys_upper_latent_which_reads_no_encoder_features() => AssertOnly(
        Hierarchy.Replace("from z1 { linear(16) relu }", "from z1 { linear(16) relu } flow planar(amortized: true)"),
        "VAE0316", "a flow is not available in a model with a hierarchy of latents", 5, 53);

    [Fact]
    public void VAE0107_amortized_is_true_or_false() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(8) flow radial(steps: 2, amortized: yes)"),
        "VAE0107", "argument 'amortized' of radial must be true or false, got yes", 5, 57);

    [Fact]
    public void VAE0001_flow_without_its_kind() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(8) flow", prior: ""),
        "VAE0001", "expected a flow at 7:3, found 'decoder'", 7, 3);

    [Fact]
    public void VAE0113_unknown_flow_lists_the_catalogue_flows() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(8) flow sylvester(steps: 2)"),
        "VAE0113", "unknown flow 'sylvester'; expected planar, radial or iaf", 5, 29);

    [Fact]
    public void VAE0108_negative_flow_steps() => AssertOnly(
        Compile.Model(latent: "latent z ~ Normal(8) flow planar(steps: -1)"),
        "VAE0108", "argument 'steps' of planar must be at least 0, got -1", 5, 43);

    [Fact]
    public void VAE0222_a_size_of_a_custom_layer_s_input_shape_that_is_not_a_name() => AssertOnly(
        Compile.Model(encoder: "encoder { flatten custom Gate [784] -> [784] }"),
        "VAE0222", "the input shape of custom layer Gate names its sizes, as in [c, h, w]; a size is a name; write the rule in the output shape", 4, 34);

    [Fact]
    public void Every_descriptor_has_a_test_here()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("VAE")).Select(n => n.Substring(0, 7)).ToHashSet();
        // VAE9xxx come from the code generator and are tested in Generator.Tests, as are the checks of a custom layer's
        // type against the project's compilation (VAE0135 to VAE0138), which the front end cannot see.
        var fromTheGenerator = new[] { "VAE0135", "VAE0136", "VAE0137", "VAE0138" };
        var untested = VaeDsl.Dsl.Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !tested.Contains(id) && id != "VAE0009" && !id.StartsWith("VAE9") && !fromTheGenerator.Contains(id)).ToList();
        Assert.Empty(untested);
    }

    [Fact]
    public void Descriptor_ids_are_unique() =>
        Assert.Equal(VaeDsl.Dsl.Diagnostics.DiagnosticDescriptors.All.Count, VaeDsl.Dsl.Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
}
