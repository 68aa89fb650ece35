using System.Linq;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Navigation;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>What may be written at a point, from the construct catalogue, also in half-written text.</summary>
public class CompletionTests
{
    private const string Head = "model M {\n  input x: [1, 28, 28]\n  hyper hidden = 64, latent = 4\n";

    /// <summary>The suggestions at the '|' of <paramref name="text"/> (the '|' is removed).</summary>
    private static string[] At(string text, out VaeDocument document)
    {
        var offset = text.IndexOf('|');
        document = VaeDocument.Analyze("m.vae", text.Remove(offset, 1));
        return document.Suggest(offset).Select(s => s.Label).ToArray();
    }

    private static string[] At(string text) => At(text, out _);

    [Fact]
    public void A_layer_list_offers_every_catalogue_layer_the_blocks_and_repeat()
    {
        var labels = At("block Down(c) { conv2d(c, kernel: 4) }\n" + Head + "  encoder {\n    conv2d(32, kernel: 3) re|\n  }\n");
        Assert.Equal(ConstructCatalog.OfKind(ConstructKind.Layer).Select(c => c.Name), labels.Take(ConstructCatalog.OfKind(ConstructKind.Layer).Count));
        Assert.Contains("Down", labels);
        Assert.Contains("repeat", labels);
        Assert.DoesNotContain("hidden", labels);
    }

    [Fact]
    public void Inside_a_call_the_remaining_arguments_come_with_their_defaults_and_the_hyper_parameters()
    {
        var suggestions = VaeDocument.Analyze("m.vae", Head + "  encoder { conv2d(32, stride: 2, ").Suggest((Head + "  encoder { conv2d(32, stride: 2, ").Length);
        var names = suggestions.Where(s => s.Kind == SuggestionKind.Parameter).Select(s => s.Label).ToList();
        Assert.DoesNotContain("channels", names);   // written by position
        Assert.DoesNotContain("stride", names);     // written by name
        Assert.Contains("kernel", names);
        var padding = suggestions.Single(s => s.Label == "padding");
        Assert.Equal("padding: ", padding.Insert);
        Assert.Equal("padding: 0", padding.Detail);
        Assert.Contains(suggestions, s => s.Kind == SuggestionKind.HyperParameter && s.Label == "hidden" && s.Detail == "hidden = 64");
    }

    [Fact]
    public void After_latent_tilde_the_families_and_after_prior_tilde_only_the_priors_fitting_that_latent()
    {
        Assert.Equal(new[] { "Normal", "Categorical", "Bernoulli", "VectorQuantized" }, At(Head + "  latent z ~ |"));
        var normal = At(Head + "  latent z ~ Normal(latent)\n  prior z ~ |");
        Assert.Equal(ConstructCatalog.PriorsFor("Normal").Select(p => p.Name), normal);
        Assert.DoesNotContain("Uniform", normal);
        Assert.Equal(new[] { "Uniform" }, At(Head + "  latent c ~ Categorical(10)\n  prior c ~ |"));
        Assert.Equal(new[] { "FittedCategorical" }, At(Head + "  latent q ~ VectorQuantized(codes: 16, dim: 8)\n  prior q ~ |"));
    }

    [Fact]
    public void After_the_word_flow_the_flows_and_inside_one_its_arguments()
    {
        Assert.Equal(ConstructCatalog.OfKind(ConstructKind.Flow).Select(c => c.Name), At(Head + "  latent z ~ Normal(latent) flow |"));
        var arguments = At(Head + "  latent z ~ Normal(latent) flow iaf(steps: 2, |");
        Assert.Contains("hidden", arguments);
        Assert.Contains("context", arguments);
        Assert.DoesNotContain("steps", arguments);
    }

    [Fact]
    public void Likelihoods_loss_terms_schedules_settings_and_optimizers_each_where_they_go()
    {
        Assert.Equal(ConstructCatalog.OfKind(ConstructKind.Likelihood).Select(c => c.Name), At(Head + "  likelihood |"));
        var terms = At(Head + "  loss = recon + |");
        Assert.Contains("kl", terms);
        Assert.Contains("hidden", terms);   // a weight
        Assert.Equal(ConstructCatalog.OfKind(ConstructKind.WeightSchedule).Select(c => c.Name), At(Head + "  loss = recon + kl |"));
        var settings = At(Head + "  train { epochs: 3, |");
        Assert.Contains("optimizer", settings);
        Assert.DoesNotContain("epochs", settings);
        Assert.Equal(ConstructCatalog.OfKind(ConstructKind.Optimizer).Select(c => c.Name), At(Head + "  train { optimizer: |"));
        Assert.Equal(ConstructCatalog.OfKind(ConstructKind.LearningRateSchedule).Select(c => c.Name), At(Head + "  train { schedule: |"));
        Assert.Contains("lr", At(Head + "  train { optimizer: adam(|"));
    }

    [Fact]
    public void Member_keywords_between_members_and_hyper_parameters_in_expressions()
    {
        var members = At(Head + "  latent z ~ Normal(latent)\n  |");
        Assert.Contains("decoder", members);
        Assert.Contains("likelihood", members);
        Assert.Equal(new[] { "hidden", "latent" }, At(Head + "  hyper wide = hidden * |"));
        Assert.Equal(new[] { "model", "block", "namespace" }, At("|"));
        Assert.Equal(new[] { "bilinear", "nearest" }.OrderBy(w => w), At(Head + "  decoder { upsample(2, mode: |").Where(w => w is "bilinear" or "nearest").OrderBy(w => w));
    }

    [Fact]
    public void A_block_body_offers_its_parameters_which_hide_hyper_parameters_of_the_same_name()
    {
        var labels = At(Head + "  block B(hidden, k) { linear(|) }\n");
        Assert.Single(labels, l => l == "hidden");
        Assert.Contains("k", labels);
    }

    [Fact]
    public void Signature_help_names_the_call_and_the_parameter_being_written()
    {
        var text = Head + "  encoder { conv2d(32, kernel: 3, ";
        var signature = VaeDocument.Analyze("m.vae", text).SignatureAt(text.Length)!;
        Assert.StartsWith("conv2d(channels, kernel", signature.Label);
        Assert.Equal(-1, signature.Active);   // after a named argument the next must be named too: none is active yet
        var positional = Head + "  encoder { conv2d(32, ";
        Assert.Equal(1, VaeDocument.Analyze("m.vae", positional).SignatureAt(positional.Length)!.Active);
        var byName = Head + "  encoder { conv2d(32, padding: ";
        var named = VaeDocument.Analyze("m.vae", byName).SignatureAt(byName.Length)!;
        Assert.Equal("padding: 0", named.Parameters[named.Active].Label);
        var block = "block Down(c, k = 4) { conv2d(c, kernel: k) }\n" + Head + "  encoder { Down(32, ";
        var blockSignature = VaeDocument.Analyze("m.vae", block).SignatureAt(block.Length)!;
        Assert.Equal("Down(c, k = 4)", blockSignature.Label);
        Assert.Equal(1, blockSignature.Active);
        Assert.Null(VaeDocument.Analyze("m.vae", Head).SignatureAt(Head.Length));
    }

    [Fact]
    public void The_construct_under_a_word_is_found_for_hover()
    {
        var text = System.IO.File.ReadAllText(VaeDsl.Testing.RepositoryRoot.File("Vae.dsl"));
        var document = VaeDocument.Analyze("Vae.dsl", text);
        Assert.Equal("conv2d", document.ConstructAt(text.IndexOf("conv2d(channels") + 2)!.Construct.Name);
        Assert.Equal(ConstructKind.Prior, document.ConstructAt(text.IndexOf("StandardNormal") + 1)!.Construct.Kind);
        Assert.Equal(ConstructKind.Optimizer, document.ConstructAt(text.IndexOf("adamw") + 1)!.Construct.Kind);
        Assert.Equal(ConstructKind.WeightSchedule, document.ConstructAt(text.IndexOf("warmup(kl") + 1)!.Construct.Kind);
        Assert.Equal(("iaf", ConstructKind.Flow), (document.ConstructAt(text.IndexOf("iaf(") + 1)!.Construct.Name, document.ConstructAt(text.IndexOf("iaf(") + 1)!.Construct.Kind));
        var stride = document.ConstructAt(text.IndexOf("stride: 2") + 1)!;
        Assert.Equal(("conv2d", "stride"), (stride.Construct.Name, stride.Parameter!.Name));
        var clip = document.ConstructAt(text.IndexOf("clip: 1.0") + 1)!;
        Assert.Equal("clip", clip.Parameter!.Name);
        Assert.Null(document.ConstructAt(text.IndexOf("hyper latent") + "hyper l".Length));
    }

    private const string Gated = "model G {\n  input x: [8]\n  encoder { linear(16) custom MyLayers.Gate(16) [n] -> [n] custom Scale(2.0) -> [16] }\n"
        + "  latent z ~ Normal(2)\n  decoder { linear(8) custom MyLayers.Gate(8) -> [8] }\n  likelihood Gaussian\n  loss = recon + kl\n}\n";

    [Fact]
    public void After_custom_the_types_the_file_names_come_first_then_the_layers_form_as_a_snippet()
    {
        var suggestions = VaeDocument.Analyze("m.vae", Gated + Head + "  encoder {\n    linear(16)\n    custom \n  }\n")
            .Suggest((Gated + Head + "  encoder {\n    linear(16)\n    custom ").Length);

        Assert.Equal(new[] { "MyLayers.Gate", "Scale" }, suggestions.Where(s => s.Kind == SuggestionKind.CustomType).Select(s => s.Insert));
        var snippet = Assert.Single(suggestions, s => s.Kind == SuggestionKind.Snippet);
        Assert.Equal(suggestions.Count - 1, suggestions.ToList().IndexOf(snippet));
        // The catalogue's form of the custom layer, each placeholder a tab stop.
        var custom = ConstructCatalog.OfKind(ConstructKind.Layer).Single(c => c.IsCustom);
        Assert.Equal("${1:Type}(${2:arguments}) [${3:n0, …}] -> [${4:d0, …}]", snippet.Insert);
        Assert.Equal(custom.Signature, "custom " + snippet.Label);
        Assert.Equal(custom.Form.Count(p => p.Placeholder), snippet.Insert.Split("${").Length - 1);
        Assert.DoesNotContain(suggestions, s => s.Label == "linear");
    }

    [Fact]
    public void After_custom_the_types_of_the_other_files_follow_those_of_this_one_each_once()
    {
        var other = VaeDocument.Analyze("other.vae", Gated.Replace("Scale(2.0)", "Other.Norm(2.0)"));
        var text = Head + "  encoder { custom Scale(1.0) -> [1, 28, 28] custom |";
        var offset = text.IndexOf('|');
        var document = VaeDocument.Analyze("m.vae", text.Remove(offset, 1));

        var types = document.Suggest(offset, new[] { other, document }).Where(s => s.Kind == SuggestionKind.CustomType).ToList();

        Assert.Equal(new[] { "Scale", "MyLayers.Gate", "Other.Norm" }, types.Select(t => t.Label));
        Assert.Equal("named by a custom layer of other.vae", types[1].Detail);
        Assert.Equal("named by a custom layer of this file", types[0].Detail);
    }

    [Fact]
    public void The_network_of_a_from_or_given_clause_is_a_layer_list_and_takes_custom_types_too()
    {
        var from = At(Gated + Head + "  encoder { flatten }\n  latent z1 ~ Normal(4)\n  latent z2 ~ Normal(2) from z1 { linear(8) | }\n");
        Assert.Equal(ConstructCatalog.OfKind(ConstructKind.Layer).Select(c => c.Name), from.Take(ConstructCatalog.OfKind(ConstructKind.Layer).Count));
        var given = At(Gated + Head + "  prior z1 ~ Normal given z2 { custom |");
        Assert.Equal(new[] { "MyLayers.Gate", "Scale" }, given.Take(2));
    }
}

