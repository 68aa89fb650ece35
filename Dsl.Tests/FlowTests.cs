using System.Linq;
using VaeDsl.Dsl.Model;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>A flow after a Normal latent's family: its arguments resolved from the catalogue, the KL made Monte Carlo,
/// and its parameters counted.</summary>
public class FlowTests
{
    private static string Arguments(EquatableArray<Argument> arguments) => string.Join(", ", arguments.Select(a => a.Name + "=" + (a.Word ?? a.Number!.ToString())));

    [Fact]
    public void A_flow_after_the_family_is_bound_with_its_defaults()
    {
        var text = Compile.Model(hyper: "hyper k = 3", latent: "latent z ~ Normal(8) flow iaf(steps: k, context: true)");
        var model = Compile.Clean(text);

        var flow = model.Latents[0].Flow!;
        Assert.Equal("iaf", flow.Kind);
        Assert.Equal("steps=k, hidden=64, context=true", Arguments(flow.Arguments));
        Assert.Equal("flow iaf(steps: k, context: true)", text.Substring(flow.Span.Start, flow.Span.Length));
    }

    [Fact]
    public void A_flow_written_without_arguments_takes_the_catalogue_defaults()
    {
        var flow = Compile.Clean(Compile.Model(latent: "latent z ~ Normal(8) flow planar")).Latents[0].Flow!;

        Assert.Equal("planar", flow.Kind);
        Assert.Equal("steps=4, amortized=false", Arguments(flow.Arguments));
    }

    [Fact]
    public void A_flow_makes_the_KL_of_its_latent_Monte_Carlo_whatever_the_prior()
    {
        var model = Compile.Clean(Compile.Model(latent: "latent z ~ Normal(8) flow radial(steps: 2)"));

        Assert.Equal("monte_carlo", model.Priors[0].KlMethod);
        Assert.Equal("monte_carlo", model.Loss.Terms.Single(t => t.Name == "kl").Method);
    }

    [Fact]
    public void Without_a_flow_the_latent_has_none_and_the_KL_stays_analytic()
    {
        var model = Compile.Clean(Compile.Model());

        Assert.Null(model.Latents[0].Flow);
        Assert.Equal("analytic", model.Loss.Terms.Single(t => t.Name == "kl").Method);
    }

    [Theory]
    // Encoder features 64, latent 8: planar K(2d + 1), radial K(d + 2), amortised each from a head of 64 weights and a bias,
    // iaf per step dH + H + H² + H + 2(Hd + d) (+ 64H + H with context).
    [InlineData("planar(steps: 3)", 3 * 17)]
    [InlineData("radial(steps: 5)", 5 * 10)]
    [InlineData("planar(steps: 3, amortized: false)", 3 * 17)]
    [InlineData("planar(steps: 3, amortized: true)", 3 * 17 * 65)]
    [InlineData("radial(steps: 5, amortized: true)", 5 * 10 * 65)]
    [InlineData("iaf(steps: 2, hidden: 16)", 2 * (8 * 16 + 16 + 16 * 16 + 16 + 2 * (16 * 8 + 8)))]
    [InlineData("iaf(steps: 2, hidden: 16, context: true)", 2 * (8 * 16 + 16 + 64 * 16 + 16 + 16 * 16 + 16 + 2 * (16 * 8 + 8)))]
    public void The_parameter_count_includes_the_flow(string flow, long flowParameters)
    {
        var plain = ParameterCount.Of(Compile.Clean(Compile.Model()));

        var flowed = ParameterCount.Of(Compile.Clean(Compile.Model(latent: "latent z ~ Normal(8) flow " + flow)));

        Assert.Equal(flowParameters, flowed - plain);
    }

    [Fact]
    public void An_amortised_flow_reads_the_features_the_heads_read_the_condition_included()
    {
        var plain = ParameterCount.Of(Compile.Clean(Compile.Model(hyper: "condition y: onehot(10)")));

        var flowed = ParameterCount.Of(Compile.Clean(Compile.Model(hyper: "condition y: onehot(10)", latent: "latent z ~ Normal(8) flow radial(steps: 2, amortized: true)")));

        // 64 encoder features and the 10 of the one-hot condition, each head with its bias.
        Assert.Equal(2 * (8 + 2) * (64 + 10 + 1), flowed - plain);
    }

    [Fact]
    public void The_formatter_puts_one_space_around_the_word_flow()
    {
        var formatted = Formatting.VaeFormatter.Format(Compile.Model(latent: "latent z ~ Normal(8)   flow  planar( steps : 2 )"))!;

        Assert.Contains("\n  latent z ~ Normal(8) flow planar(steps: 2)\n", formatted);
    }
}
