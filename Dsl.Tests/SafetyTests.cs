using System.Linq;
using VaeDsl.Dsl.Binding;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Names from a .vae file become C# identifiers; none may change the meaning of generated code.</summary>
public class SafetyTests
{
    private static (string Id, string Message) Only(string source)
    {
        var file = Compile.File(source);
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Empty(file.Models);
        return (diagnostic.Id, diagnostic.Message);
    }

    [Theory]
    [InlineData("class")]
    [InlineData("namespace")]
    [InlineData("var")]
    [InlineData("await")]
    public void Keywords_cannot_name_a_model(string name) =>
        Assert.Equal(("VAE0110", $"'{name}' cannot be used as a model name: it is a C# keyword"), Only(Compile.Model().Replace("model M", "model " + name)));

    [Fact]
    public void A_model_cannot_hide_the_System_namespace() =>
        Assert.Equal(("VAE0110", "'System' cannot be used as a model name: it would hide the namespace System in generated code"),
            Only(Compile.Model().Replace("model M", "model System")));

    [Fact]
    public void A_latent_name_that_is_a_keyword_is_rejected() =>
        Assert.Equal(("VAE0110", "'in' cannot be used as a latent name: it is a C# keyword"),
            Only(Compile.Model(latent: "latent in ~ Normal(8)", prior: "prior in ~ StandardNormal")));

    [Theory]
    [InlineData("train", "the generated module already has a member or submodule of that name")]
    [InlineData("encoder", "the generated module already has a member or submodule of that name")]
    [InlineData("posterior", "the generated module already has a member or submodule of that name")]
    [InlineData("zCode", "latent names are lowercase (they name fields and state_dict keys of the generated module)")]
    public void A_latent_cannot_clash_with_a_member_of_the_generated_module(string name, string reason) =>
        Assert.Equal(("VAE0110", $"'{name}' cannot be used as a latent name: {reason}"),
            Only(Compile.Model(latent: $"latent {name} ~ Normal(8)", prior: $"prior {name} ~ StandardNormal")));

    [Fact]
    public void A_latent_cannot_take_the_name_of_another_latents_prior_module()
    {
        var file = Compile.File(Compile.Model(latent: "latent z ~ Normal(4)\n  latent z_prior ~ Normal(4)", prior: "prior z ~ LearnedNormal"));

        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal("VAE0110", diagnostic.Id);
        Assert.Equal("'z_prior' cannot be used as a latent name: it is the name of the prior module of latent 'z'", diagnostic.Message);
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("beta1")]
    [InlineData("beta2")]
    [InlineData("nesterov")]
    [InlineData("epochs")]
    [InlineData("seed")]
    [InlineData("learning_rate")]
    [InlineData("momentum")]
    [InlineData("clone")]
    public void A_hyper_parameter_may_take_the_name_of_a_training_setting(string name)
    {
        // The settings are in a record of their own (MOptions.Train), so they share no name with hyper-parameters.
        var file = Compile.File(Compile.Model(extra: $"hyper {name} = 3", encoder: $"encoder {{ flatten linear({name}) }}"));
        Assert.Empty(file.Diagnostics);
        Assert.Equal(name, Assert.Single(Assert.Single(file.Models).Hypers).Name);
    }

    [Theory]
    [InlineData("train", "Train", "the training settings")]
    [InlineData("to_string", "ToString", "a member of every C# record")]
    [InlineData("equality_contract", "EqualityContract", "a member of every C# record")]
    public void A_hyper_parameter_cannot_take_a_member_of_the_options_record(string name, string property, string meaning) =>
        Assert.Equal(("VAE0110", $"'{name}' cannot be used as a hyper-parameter name: its property {property} would clash with MOptions.{property}, {meaning}; rename the hyper-parameter"),
            Only(Compile.Model(extra: $"hyper {name} = 3", encoder: $"encoder {{ flatten linear({name}) }}")));

    [Fact]
    public void A_hyper_parameter_cannot_take_the_name_of_the_options_record() =>
        Assert.Equal(("VAE0110", "'m_options' cannot be used as a hyper-parameter name: its property name MOptions is the name of the generated options record"),
            Only(Compile.Model(extra: "hyper m_options = 3", encoder: "encoder { flatten linear(m_options) }")));

    [Fact]
    public void Double_underscores_are_reserved() =>
        Assert.Equal(("VAE0110", "'a__b' cannot be used as a input name: names containing '__' are reserved for generated code"),
            Only(Compile.Model(input: "input a__b: [1, 28, 28]")));

    [Fact]
    public void Leading_underscores_are_rejected() =>
        Assert.Equal(("VAE0110", "'_x' cannot be used as a condition name: names must start with a letter"),
            Only(Compile.Model(extra: "condition _x: vector(2)", decoder: "decoder { linear(784) reshape(1, 28, 28) }")));

    [Fact]
    public void A_namespace_part_that_is_a_keyword_is_rejected() =>
        Assert.Equal(("VAE0110", "'class' cannot be used as a namespace name: it is a C# keyword"), Only("namespace A.class\n" + Compile.Model()));

    [Fact]
    public void Hyper_names_that_collide_in_PascalCase_are_duplicates()
    {
        var file = Compile.File(Compile.Model(hyper: "hyper hidden_size = 64, hiddenSize = 32", encoder: "encoder { flatten linear(hidden_size) }"));
        var diagnostic = Assert.Single(file.Diagnostics);
        Assert.Equal(("VAE0109", "hyper-parameter 'hiddenSize' is declared more than once"), (diagnostic.Id, diagnostic.Message));
    }

    [Theory]
    [InlineData("epochs")]
    [InlineData("batch_size")]
    [InlineData("seed")]
    public void A_hyper_parameter_named_like_a_training_setting_can_set_it(string name) =>
        Assert.Empty(Compile.File(Compile.Model(hyper: $"hyper {name} = 20", train: $"train {{ epochs: {name} }}")).Diagnostics);

    [Fact]
    public void Loss_term_names_cannot_be_hyper_parameters() =>
        Assert.Equal(("VAE0110", "'kl' cannot be used as a hyper-parameter name: it is a loss term"), Only(Compile.Model(hyper: "hyper kl = 2")));

    [Fact]
    public void Blocks_cannot_shadow_built_in_layers() =>
        Assert.Equal(("VAE0110", "'relu' cannot be used as a block name: it is a built-in layer"), Only(Compile.Model(extra: "block relu { gelu }")));

    [Theory]
    [InlineData("hidden", "Hidden")]
    [InlineData("hidden_size", "HiddenSize")]
    [InlineData("z", "Z")]
    [InlineData("kl_weight2", "KlWeight2")]
    public void PascalCase_is_what_the_generator_uses(string name, string expected) => Assert.Equal(expected, Identifiers.ToPascalCase(name));

    [Fact]
    public void Documentation_is_carried_as_plain_text_for_the_generator_to_escape()
    {
        var model = Compile.Clean("/// <summary>x</summary> */ \"quoted\"\n" + Compile.Model());
        Assert.Equal("<summary>x</summary> */ \"quoted\"", model.Documentation);
    }
}
