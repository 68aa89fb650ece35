using System.Linq;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Integers are C#'s int in generated code (hyper-parameters, sizes, settings): every integer literal and
/// every integer result, wherever it is written, fits in 32 bits or is refused at its place, never wrapped.</summary>
public class IntegerRangeTests
{
    private const string Fits = "does not fit in 32 bits: integers are C#'s int, from -2147483648 to 2147483647";

    /// <summary>The model with <paramref name="part"/> in place, and the offending text it contains.</summary>
    public static TheoryData<string, string, string> OutOfRange => new()
    {
        { Compile.Model(train: "train { batch: 3000000000 }"), "3000000000", "the integer 3000000000" },
        { Compile.Model(train: "train { epochs: 2147483648 }"), "2147483648", "the integer 2147483648" },
        { Compile.Model(train: "train { seed: 4294967295 }"), "4294967295", "the integer 4294967295" },
        { Compile.Model(train: "train { validation: 0.1, patience: 2147483648 }"), "2147483648", "the integer 2147483648" },
        { Compile.Model(train: "train { schedule: step(every: 2147483648) }"), "2147483648", "the integer 2147483648" },
        { Compile.Model(train: "train { schedule: warmup(epochs: 2147483648) }"), "2147483648", "the integer 2147483648" },
        { Compile.Model(train: "train { schedule: cosine(warmup: 2147483648) }"), "2147483648", "the integer 2147483648" },
        { Compile.Model(hyper: "hyper latent = 3000000000", latent: "latent z ~ Normal(latent)"), "3000000000", "the integer 3000000000" },
        { Compile.Model(hyper: "hyper s = 4294967295", train: "train { seed: s }"), "4294967295", "the integer 4294967295" },
        { Compile.Model(hyper: "hyper s = 2147483647 + 1", train: "train { seed: s }"), "2147483647 + 1", "the result 2147483648" },
        { Compile.Model(hyper: "hyper s = 65536 * 65536", train: "train { seed: s }"), "65536 * 65536", "the result 4294967296" },
        { Compile.Model(hyper: "hyper s = -2147483647 - 2", train: "train { seed: s }"), "-2147483647 - 2", "the result -2147483649" },
        { Compile.Model(hyper: "hyper s = -(-2147483648)", train: "train { seed: s }"), "-(-2147483648)", "the result 2147483648" },
        { Compile.Model(hyper: "hyper h = 46341", encoder: "encoder { flatten linear(h * h) }"), "h * h", "the result 2147488281" },
        { Compile.Model(encoder: "encoder { flatten linear(3000000000) }"), "3000000000", "the integer 3000000000" },
        { Compile.Model(encoder: "encoder { flatten repeat 3000000000 { relu } linear(64) }"), "3000000000", "the integer 3000000000" },
        { Compile.Model(input: "input x: [3000000000]", encoder: "encoder { linear(64) }", decoder: "decoder { linear(16) }"), "3000000000", "the integer 3000000000" },
        { Compile.Model(latent: "latent c ~ Categorical(65536, groups: 65536)", prior: ""), "Categorical(65536, groups: 65536)", "the result 4294967296" },
        { Compile.Model(loss: "loss = recon + 65536 * 65536 * kl"), "65536 * 65536", "the result 4294967296" },
        { Compile.Model(extra: "block wide(n) { linear(n * 2) }", encoder: "encoder { flatten wide(1073741824) }"), "n * 2", "the result 2147483648" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void An_integer_beyond_32_bits_is_one_error_at_its_place(string text, string offending, string subject)
    {
        var file = Compile.File(text);

        var all = string.Join("\n", file.Diagnostics.Select(d => d.ToString()));
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.True(diagnostic.Id == "VAE0117", all);
        Assert.Equal(subject + " " + Fits, diagnostic.Message);
        Assert.Equal(LineColumn(text, text.IndexOf(offending, System.StringComparison.Ordinal)), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
        Assert.Empty(file.Models);
    }

    [Fact]
    public void Latents_whose_sizes_add_up_beyond_32_bits_are_refused_at_the_last_one()
    {
        var text = Compile.Model(latent: "latent z ~ Normal(1073741824)\n  latent w ~ Normal(1073741824)", prior: "");
        var file = Compile.File(text);

        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal(("VAE0208", "the decoder's input (the latents and the condition) produces [2147483648], more than 2147483647 elements"),
            (diagnostic.Id, diagnostic.Message));
        Assert.Equal(LineColumn(text, text.IndexOf("latent w", System.StringComparison.Ordinal)), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void The_32_bit_bounds_themselves_are_accepted()
    {
        var model = Compile.Clean(Compile.Model(
            hyper: "hyper big = 2147483647, small = -2147483648",
            encoder: "encoder { flatten linear(64) dropout((small + big + 1) / 2.0) }",
            train: "train { batch: big, epochs: 2147483647, seed: big - 1 + 1, validation: 0.5, patience: 2147483647 }"));

        Assert.Equal(new[] { 2147483647.0, -2147483648.0 }, model.Hypers.Select(h => h.Default.Value));
        Assert.Equal((2147483647L, 2147483647L, 2147483647L), (model.Train.BatchSize.IntValue, model.Train.Epochs.IntValue, model.Train.Seed.IntValue));
    }

    private static (int Line, int Column) LineColumn(string text, int offset)
    {
        var line = text.Take(offset).Count(c => c == '\n');
        return (line, offset - (text.LastIndexOf('\n', offset - 1) + 1));
    }
}
