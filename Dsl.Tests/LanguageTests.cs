using System.Linq;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>Hyper-parameters, latents, priors, likelihoods, conditions, losses and training settings.</summary>
public class LanguageTests
{
    private static string Arguments(EquatableArray<Argument> arguments) => string.Join(", ", arguments.Select(a => a.Name + "=" + (a.Word ?? a.Number!.ToString())));

    [Fact]
    public void Hyper_arithmetic_keeps_integers_integer()
    {
        var hypers = Compile.Clean(Compile.Model(hyper: "hyper a = 7 / 2, b = 7 / 2.0, c = 7 % 3, d = -a + 2 * (b - 1)",
            encoder: "encoder { flatten linear(a + c) dropout(d / 100) }")).Hypers;
        Assert.Equal((3.0, NumberKind.Int), (hypers[0].Default.Value, hypers[0].Default.Kind));
        Assert.Equal((3.5, NumberKind.Float), (hypers[1].Default.Value, hypers[1].Default.Kind));
        Assert.Equal((1.0, NumberKind.Int), (hypers[2].Default.Value, hypers[2].Default.Kind));
        Assert.Equal(2.0, hypers[3].Default.Value);
        Assert.Equal("(-a + (2 * (b - 1)))", hypers[3].Default.ToString());
    }

    [Fact]
    public void Doc_comments_document_models_and_hypers()
    {
        var model = Compile.Clean("/// First line.\n/// Second line.\n" + Compile.Model(hyper: "/// Width.\n  hyper w = 3, /// Height.\n h = 4",
            encoder: "encoder { flatten linear(w * h) }"));
        Assert.Equal("First line.\nSecond line.", model.Documentation);
        Assert.Equal(new[] { "Width.", "Height." }, model.Hypers.Select(h => h.Documentation));
    }

    [Fact]
    public void Several_models_and_a_namespace_in_one_file()
    {
        var file = Compile.File("namespace My.Models\n" + Compile.Model() + Compile.Model().Replace("model M", "model N"));
        Assert.Empty(file.Diagnostics);
        Assert.Equal("My.Models", file.Namespace);
        Assert.Equal(new[] { "M", "N" }, file.Models.Select(m => m.Name));
    }

    [Fact]
    public void Categorical_latent_size_is_categories_times_groups()
    {
        var model = Compile.Clean(Compile.Model(latent: "latent c ~ Categorical(10, groups: 3)", prior: ""));
        var latent = model.Latents[0];
        Assert.Equal(30, latent.Size.Value);
        Assert.Equal("categories=10, groups=3, temperature=1, min_temperature=0.5, anneal_rate=0, hard=false", Arguments(latent.Arguments));
        Assert.Equal(Shape.Of(30), model.Decoder.InputShape);
        Assert.Equal(("Uniform", "analytic"), (model.Priors[0].Family, model.Priors[0].KlMethod));
    }

    [Fact]
    public void Several_latents_are_concatenated_with_the_condition_before_the_decoder()
    {
        var model = Compile.Clean(Compile.Model(latent: "latent z ~ Normal(8)\n  latent b ~ Bernoulli(4, hard: true)", prior: "",
            extra: "condition y: onehot(10)"));
        Assert.Equal(Shape.Of(8 + 4 + 10), model.Decoder.InputShape);
        Assert.Equal(new ConditionSpec("y", "onehot", 10, model.Condition!.Span), model.Condition);
        Assert.Equal(new[] { "StandardNormal", "Uniform" }, model.Priors.Select(p => p.Family));
    }

    [Theory]
    [InlineData("MixtureOfGaussians", "components=10", "monte_carlo")]
    [InlineData("MixtureOfGaussians(components: 5)", "components=5", "monte_carlo")]
    [InlineData("VampPrior(pseudo_inputs: 20)", "pseudo_inputs=20", "monte_carlo")]
    [InlineData("LearnedNormal", "", "analytic")]
    public void Priors_resolve_arguments_and_the_kl_method(string prior, string arguments, string method)
    {
        var model = Compile.Clean(Compile.Model(prior: "prior z ~ " + prior));
        Assert.Equal(arguments, Arguments(model.Priors[0].Arguments));
        Assert.Equal(method, model.Priors[0].KlMethod);
        Assert.Equal(method, model.Loss.Terms.Single(t => t.Name == "kl").Method);
    }

    [Theory]
    [InlineData("Gaussian", "variance=1, per=scalar")]
    [InlineData("Gaussian(variance: learned)", "variance=learned, per=scalar")]
    [InlineData("Gaussian(0.1)", "variance=0.1, per=scalar")]
    [InlineData("Laplace", "scale=1")]
    [InlineData("Laplace(scale: learned)", "scale=learned")]
    public void Likelihood_arguments(string likelihood, string arguments)
    {
        var model = Compile.Clean(Compile.Model(likelihood: "likelihood " + likelihood));
        Assert.Equal(arguments, Arguments(model.Likelihood.Arguments));
        Assert.Equal(Shape.Of(1, 28, 28), model.Likelihood.DecoderShape);
    }

    [Fact]
    public void Categorical256_needs_256_logits_per_element()
    {
        var model = Compile.Clean(Compile.Model(likelihood: "likelihood Categorical256", decoder: "decoder { linear(256 * 784) reshape(256, 1, 28, 28) }"));
        Assert.Equal(Shape.Of(256, 1, 28, 28), model.Likelihood.DecoderShape);
    }

    [Fact]
    public void Loss_terms_carry_weights_arguments_and_schedules()
    {
        var loss = Compile.Clean(Compile.Model(hyper: "hyper beta = 4.0",
            loss: "loss = recon + beta * 0.5 * kl + tc * 2 + mmd  warmup(kl, epochs: 5) free_bits(kl) cyclical(tc)")).Loss;
        Assert.Equal(new[] { "Recon", "Kl", "Tc", "Mmd" }, loss.Terms.Select(t => t.Property));
        Assert.Equal(new[] { 1.0, 2.0, 2.0, 1.0 }, loss.Terms.Select(t => t.Weight.Value));
        Assert.Equal("(beta * 0.5)", loss.Terms[1].Weight.ToString());
        Assert.Equal(new[] { "warmup", "free_bits" }, loss.Terms[1].Schedules.Select(s => s.Kind));
        Assert.Equal("epochs=5", Arguments(loss.Terms[1].Schedules[0].Arguments));
        Assert.Equal("nats=0.5", Arguments(loss.Terms[1].Schedules[1].Arguments));
        Assert.Equal("cycles=4, ratio=0.5", Arguments(loss.Terms[2].Schedules[0].Arguments));
        Assert.Equal("method=analytic", Arguments(loss.Terms[1].Arguments));
    }

    [Fact]
    public void Capacity_and_iwae_resolve_their_arguments()
    {
        var capacity = Compile.Clean(Compile.Model(loss: "loss = recon + 1000 * kl capacity(kl, max: 25)")).Loss.Terms[1];
        Assert.Equal("max=25, epochs=100", Arguments(capacity.Schedules[0].Arguments));
        var iwae = Compile.Clean(Compile.Model(loss: "loss = iwae(k: 10)")).Loss.Terms.Single();
        Assert.Equal(("Iwae", "k=10"), (iwae.Property, Arguments(iwae.Arguments)));
    }

    [Fact]
    public void Forcing_monte_carlo_kl_is_recorded_on_every_prior()
    {
        var model = Compile.Clean(Compile.Model(loss: "loss = recon + kl(method: monte_carlo)"));
        Assert.Equal("monte_carlo", model.Loss.Terms[1].Method);
        Assert.Equal("monte_carlo", model.Priors[0].KlMethod);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    [InlineData("cuda:12")]
    [InlineData("auto")]
    public void The_device_is_a_training_setting(string device)
    {
        var train = Compile.Clean(Compile.Model(train: $"train {{ epochs: 2, device: {device} batch: 16 }}")).Train;
        Assert.Equal(device, train.Settings.Single(a => a.Name == "device").Word);
        Assert.Equal((16.0, 2.0), (train.BatchSize.Value, train.Epochs.Value));
    }

    [Fact]
    public void Training_defaults_without_a_train_block()
    {
        var train = Compile.Clean(Compile.Model()).Train;
        Assert.Equal((128.0, 10.0, 0.0), (train.BatchSize.Value, train.Epochs.Value, train.Seed.Value));
        Assert.Equal("adam", train.Optimizer.Name);
        Assert.Equal("lr=0.001, beta1=0.9, beta2=0.999, eps=1E-08, weight_decay=0", Arguments(train.Optimizer.Arguments));
        Assert.Equal("validation=0, patience=0, clip=0, schedule=constant, schedule_warmup=0, schedule_every=10, schedule_gamma=0.1, schedule_min_lr=0, device=cpu", Arguments(train.Settings));
    }

    [Theory]
    [InlineData("optimizer: sgd(lr: 0.1, momentum: 0.9)", "lr=0.1, momentum=0.9, weight_decay=0, nesterov=false", "schedule=constant")]
    [InlineData("optimizer: adamw, schedule: step(every: 3, gamma: 0.5)", "lr=0.001, beta1=0.9, beta2=0.999, eps=1E-08, weight_decay=0.01", "schedule=step, schedule_warmup=0, schedule_every=3, schedule_gamma=0.5")]
    [InlineData("optimizer: rmsprop, schedule: warmup(epochs: 2)", "lr=0.01, alpha=0.99, eps=1E-08, momentum=0, weight_decay=0", "schedule=constant, schedule_warmup=2")]
    [InlineData("schedule: cosine(warmup: 1, min_lr: 1e-5)", "lr=0.001, beta1=0.9, beta2=0.999, eps=1E-08, weight_decay=0", "schedule=cosine, schedule_warmup=1, schedule_every=10, schedule_gamma=0.1, schedule_min_lr=1E-05")]
    public void Optimizers_and_learning_rate_schedules(string settings, string optimizer, string schedule)
    {
        var train = Compile.Clean(Compile.Model(train: "train { " + settings + " }")).Train;
        Assert.Equal(optimizer, Arguments(train.Optimizer.Arguments));
        Assert.StartsWith(schedule, Arguments(new EquatableArray<Argument>(train.Settings.Skip(3))));
    }

    [Fact]
    public void Train_entries_may_be_separated_by_newlines_or_commas()
    {
        var train = Compile.Clean(Compile.Model(train: "train {\n    batch: 64\n    epochs: 3, clip: 0.5\n    validation: 0.2 patience: 2\n  }")).Train;
        Assert.Equal((64.0, 3.0), (train.BatchSize.Value, train.Epochs.Value));
        Assert.Equal("validation=0.2, patience=2, clip=0.5", Arguments(new EquatableArray<Argument>(train.Settings.Take(3))));
    }

    [Fact]
    public void Comments_may_appear_anywhere_whitespace_does()
    {
        var model = Compile.Clean("// c\nmodel /* c */ M { input x: /* c */ [1, /* c */ 28, 28] // c\n" +
            "encoder { flatten /* c */ linear(64 /* c */) }\n latent z ~ /* c */ Normal(8) decoder { linear(784) reshape(1, 28, 28) } likelihood Bernoulli loss = recon /* c */ + kl }");
        Assert.Equal(Shape.Of(64), model.Encoder.OutputShape);
    }
}
