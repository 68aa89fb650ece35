using System.IO;
using System.Linq;
using VaeDsl.Dsl.Formatting;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>One canonical layout that keeps every comment, changes no token and is idempotent.</summary>
public class FormatterTests
{
    public static TheoryData<string> Files() => new(new[] { "Vae.dsl" }.Concat(Directory.GetFiles(RepositoryRoot.File("Examples"), "*.vae", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))));

    [Theory]
    [MemberData(nameof(Files))]
    public void The_shipped_models_format_to_the_same_models_and_formatting_again_changes_nothing(string file)
    {
        var text = File.ReadAllText(RepositoryRoot.File(file));
        var formatted = VaeFormatter.Format(text);
        Assert.NotNull(formatted);
        Assert.Equal(formatted, VaeFormatter.Format(formatted!));
        var before = VaeCompiler.Compile(file, text);
        var after = VaeCompiler.Compile(file, formatted!);
        Assert.Equal(before.Models.Select(m => m.Name), after.Models.Select(m => m.Name));
        Assert.Equal(before.Diagnostics.Select(d => d.Message), after.Diagnostics.Select(d => d.Message));
        Assert.Equal(before.Models.Select(m => (m.Encoder.OutputShape, m.Decoder.OutputShape, m.Hypers.Count)), after.Models.Select(m => (m.Encoder.OutputShape, m.Decoder.OutputShape, m.Hypers.Count)));
    }

    [Fact]
    public void A_messy_model_gets_the_canonical_layout_with_its_comments()
    {
        const string messy = "/// Doc line.\nmodel   M{\n      input x :[4]   // the input\n  hyper h=8 ,w = h*2\n\n\n encoder{linear( h )  relu}\n      /* a block\n         comment */\n  latent z~Normal(2)\n  decoder { linear(4) }\n  likelihood Gaussian(variance: 1e-3)\n  loss=recon+kl\n  train { optimizer: adam(lr: 1e-3), epochs: -1 + 3 }\n   // before the brace\n}   \n\n\n";
        const string expected = "/// Doc line.\nmodel M {\n  input x: [4]       // the input\n  hyper h = 8, w = h * 2\n\n  encoder { linear(h) relu }\n  /* a block\n         comment */\n  latent z ~ Normal(2)\n  decoder { linear(4) }\n  likelihood Gaussian(variance: 1e-3)\n  loss = recon+kl\n  train { optimizer: adam(lr: 1e-3), epochs: -1 + 3 }\n  // before the brace\n}\n";
        Assert.Equal(expected, VaeFormatter.Format(messy));
        Assert.Equal(expected, VaeFormatter.Format(expected));
    }

    [Fact]
    public void A_device_with_an_index_is_written_as_one_word()
    {
        var text = Compile.Model(train: "train { epochs:2,device :  cuda : 1 seed:3 }");
        var formatted = VaeFormatter.Format(text)!;
        Assert.Contains("  train { epochs: 2, device: cuda:1 seed: 3 }\n", formatted);
        Assert.Equal(formatted, VaeFormatter.Format(formatted));
        Assert.Equal("cuda:1", Compile.Clean(formatted).Train.Settings.Single(a => a.Name == "device").Word);
    }

    [Fact]
    public void A_file_with_a_syntax_error_is_left_alone()
    {
        Assert.Null(VaeFormatter.Format("model M { encoder { linear(4 } }"));
        Assert.Equal("", VaeFormatter.Format(""));
    }
}
