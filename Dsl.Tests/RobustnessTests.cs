using System;
using System.Linq;
using System.Text;
using System.Threading;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>No input makes the front end throw or hang; hostile input gets a located diagnostic.</summary>
public class RobustnessTests
{
    private static string[] Ids(string source) => Compile.File(source).Diagnostics.Select(d => d.Id).ToArray();

    [Fact]
    public void Empty_file_has_no_models_and_no_diagnostics()
    {
        var file = Compile.File("");
        Assert.Empty(file.Models);
        Assert.Empty(file.Diagnostics);
        Assert.Null(file.Namespace);
    }

    [Fact]
    public void Comments_and_whitespace_only_are_fine() => Assert.Empty(Ids("// nothing\n/* here */\n\t\r\n/// doc without a model\n"));

    [Fact]
    public void Null_text_is_treated_as_empty() => Assert.Empty(VaeCompiler.Compile("x.vae", null!).Diagnostics);

    [Fact]
    public void Binary_garbage_gives_diagnostics_not_exceptions()
    {
        var random = new Random(1);
        var bytes = new byte[100_000];
        random.NextBytes(bytes);
        var file = Compile.File(Encoding.Latin1.GetString(bytes));
        Assert.Empty(file.Models);
        Assert.Equal("VAE0007", Assert.Single(file.Diagnostics).Id);

        // Without a NUL the text is parsed, and gives syntax errors.
        for (var i = 0; i < bytes.Length; i++) bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        file = Compile.File(Encoding.Latin1.GetString(bytes));
        Assert.Empty(file.Models);
        Assert.DoesNotContain(file.Diagnostics, d => d.Id == "VAE0009");
        Assert.Contains(file.Diagnostics, d => d.Id == "VAE0001");
    }

    [Fact]
    public void Random_token_soup_never_throws()
    {
        var vocabulary = new[]
        {
            "model", "M", "{", "}", "(", ")", "[", "]", ",", ":", "=", "~", "+", "*", "-", "/", "input", "x", "encoder", "decoder",
            "latent", "prior", "hyper", "loss", "train", "block", "repeat", "residual", "linear", "reshape", "conv2d", "1", "2.5",
            "\n", "//", "/*", "*/", "///", "recon", "kl", "warmup", "Normal", "likelihood", "Bernoulli", "namespace", "é", "\"",
        };
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var source = string.Join(" ", Enumerable.Range(0, random.Next(1, 60)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            var file = Compile.File(source);
            Assert.DoesNotContain(file.Diagnostics, d => d.Id == "VAE0009");
        }
    }

    [Fact]
    public void Mutations_of_the_tour_never_throw()
    {
        var tour = TourTests.ReadTour();
        var random = new Random(3);
        for (var i = 0; i < 1000; i++)
        {
            var start = random.Next(tour.Length);
            var length = random.Next(1, 40);
            var mutated = tour.Remove(start, Math.Min(length, tour.Length - start));
            Assert.DoesNotContain(Compile.File(mutated).Diagnostics, d => d.Id == "VAE0009");
        }
    }

    [Fact]
    public void Token_substitutions_in_the_tour_never_fail_internally()
    {
        var tokens = System.Text.RegularExpressions.Regex.Matches(TourTests.ReadTour(), @"\w+|\s+|.").Select(m => m.Value).ToArray();
        var replacements = new[]
        {
            "0", "-1", "2.5", "1e999", "100000000", "3000000000", "relu", "kl", "recon", "z", "c", "learned", "element", "true",
            "hidden", "Down", "Up", "residual", "repeat", "(", ")", "{", "}", ",", ":", "/", "%", "*", "Normal", "Uniform",
            "VampPrior", "Categorical256", "iwae", "tc", "capacity", "onehot", "flatten", "reshape", "x", "namespace", "block",
        };
        var random = new Random(11);
        for (var i = 0; i < 1500; i++)
        {
            var mutated = (string[])tokens.Clone();
            for (var k = 0; k < 1 + random.Next(3); k++) mutated[random.Next(mutated.Length)] = replacements[random.Next(replacements.Length)];
            var file = Compile.File(string.Concat(mutated));
            Assert.DoesNotContain(file.Diagnostics, d => d.Id == "VAE0009");
        }
    }

    [Fact]
    public void A_one_megabyte_file_of_models_compiles_completely()
    {
        var builder = new StringBuilder();
        var count = 0;
        while (builder.Length < 1_000_000)
        {
            builder.Append(Compile.Model().Replace("model M", "model M" + count));
            count++;
        }
        var file = Compile.File(builder.ToString());
        Assert.Empty(file.Diagnostics);
        Assert.Equal(count, file.Models.Count);
    }

    // Inputs that were once checked in quadratic time (minutes at 1 MiB); bench/FrontEnd.Bench --scaling times them.
    [Fact]
    public void A_one_megabyte_dotted_namespace_is_read_whole()
    {
        var name = string.Join(".", Enumerable.Range(0, 150_000).Select(i => "a" + i));
        var file = Compile.File("namespace " + name + "\n" + Compile.Model());
        Assert.Empty(file.Diagnostics);
        Assert.Equal(name, file.Namespace);
    }

    [Fact]
    public void Ten_thousand_latents_with_their_priors_are_all_checked()
    {
        var latents = string.Join("\n  ", Enumerable.Range(0, 10_000).Select(i => $"latent z{i} ~ Normal(2)\n  prior z{i} ~ LearnedNormal"));
        var model = Compile.Clean(Compile.Model(latent: latents, prior: "", decoder: "decoder { linear(784) reshape(1, 28, 28) }"));
        Assert.Equal(10_000, model.Latents.Count);
        Assert.All(model.Priors, p => Assert.Equal("LearnedNormal", p.Family));
    }

    [Fact]
    public void A_one_megabyte_line_of_garbage_is_one_error()
    {
        var ids = Ids(new string('#', 1_000_000));
        Assert.Equal(new[] { "VAE0001" }, ids);
    }

    [Fact]
    public void A_one_megabyte_expression_is_refused_with_a_syntax_error()
    {
        var sum = string.Join(" + ", Enumerable.Repeat("1", 300_000));
        var file = Compile.File(Compile.Model(hyper: "hyper a = " + sum));
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal("VAE0001", diagnostic.Id);
        Assert.StartsWith("expected an expression with at most 1000 operators", diagnostic.Message);
    }

    [Theory]
    [InlineData("residual { ", "} ")]
    [InlineData("repeat 1 { ", "} ")]
    [InlineData("linear(", ")")]
    public void Ten_thousand_nested_levels_are_refused_without_overflowing_the_stack(string open, string close)
    {
        var nested = "flatten " + string.Concat(Enumerable.Repeat(open, 10_000)) + "relu" + string.Concat(Enumerable.Repeat(close, 10_000));
        Assert.Equal(new[] { "VAE0002" }, Ids(Compile.Model(encoder: "encoder { " + nested + " }")));
    }

    [Fact]
    public void Ten_thousand_unclosed_braces_are_refused() =>
        Assert.Equal(new[] { "VAE0002" }, Ids("model M { " + new string('{', 10_000)));

    [Fact]
    public void Ten_thousand_nested_models_recover_per_model()
    {
        var source = string.Concat(Enumerable.Repeat("model M {\n", 10_000));
        var file = Compile.File(source);
        Assert.Empty(file.Models);
        Assert.All(file.Diagnostics, d => Assert.True(d.Id is "VAE0001" or "VAE0109" or "VAE0002", d.ToString()));
    }

    [Fact]
    public void Ten_thousand_chained_blocks_stop_at_the_depth_limit()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 10_000; i++) builder.Append("block B").Append(i).Append(" { B").Append(i + 1).Append(" }\n");
        builder.Append("block B10000 { relu }\n");
        builder.Append(Compile.Model(encoder: "encoder { flatten linear(64) B0 }"));
        Assert.Equal(new[] { "VAE0123" }, Ids(builder.ToString()));
    }

    [Fact]
    public void Unterminated_comment_inside_a_model_is_one_error_not_also_the_brace_it_swallowed()
    {
        var file = Compile.File("model M {\n  input x: [1, 28, 28] /* open\n  encoder { flatten }\n}\n");
        Assert.Equal(new[] { "VAE0003" }, file.Diagnostics.Select(d => d.Id));
        Assert.Equal((1, 23), (file.Diagnostics[0].Span.StartLine, file.Diagnostics[0].Span.StartColumn));
    }

    [Fact]
    public void Unterminated_string_is_a_syntax_error()
    {
        var file = Compile.File(Compile.Model(extra: "\"never closed"));
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal("VAE0001", diagnostic.Id);
        Assert.Contains("found '\"'", diagnostic.Message);
    }

    [Fact]
    public void Non_ascii_identifiers_are_rejected_once_each()
    {
        var file = Compile.File(Compile.Model(latent: "latent ζ ~ Normal(8)", prior: "prior ζ ~ StandardNormal"));
        Assert.Equal(new[] { "VAE0004", "VAE0004" }, file.Diagnostics.Select(d => d.Id));
        Assert.Empty(file.Models);
    }

    [Fact]
    public void Emoji_and_control_characters_are_syntax_errors_naming_the_code_point()
    {
        var file = Compile.File("model M { \u0001 }");
        Assert.Contains(file.Diagnostics, d => d.Message.Contains("character U+0001"));
        Assert.NotEmpty(Compile.File("model 😀 { }").Diagnostics);
    }

    [Fact]
    public void A_megabyte_long_name_gives_a_short_message()
    {
        var name = new string('q', 1_000_000);
        var diagnostic = Assert.Single(Compile.File(Compile.Model(encoder: $"encoder {{ flatten {name} }}")).Diagnostics);
        Assert.Equal("VAE0102", diagnostic.Id);
        Assert.Equal($"unknown layer or block '{new string('q', 200)}…'", diagnostic.Message);
        Assert.Equal(1_000_000, diagnostic.Span.Length);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => VaeCompiler.Compile("x.vae", Compile.Model(), cancelled.Token));
    }
}
