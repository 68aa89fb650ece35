using System.Text;

namespace VaeDsl.FrontEnd.Bench;

/// <summary>A model with 200 layers written out one by one (no repeat), so the parser sees every layer.</summary>
public static class LargeModel
{
    public static string Source(int layers = 200)
    {
        var perSection = layers / 2;
        var text = new StringBuilder();
        text.AppendLine("/// A deep MLP VAE: 200 layers in total.");
        text.AppendLine("model Deep {");
        text.AppendLine("  input x: [1, 28, 28]");
        text.AppendLine("  hyper hidden = 256, latent = 16, beta = 1.0");
        text.AppendLine("  encoder {");
        text.AppendLine("    flatten");
        for (var i = 1; i < perSection; i++) text.AppendLine(i % 2 == 1 ? "    linear(hidden, bias: true)" : "    relu");
        text.AppendLine("  }");
        text.AppendLine("  latent z ~ Normal(latent)");
        text.AppendLine("  prior z ~ StandardNormal");
        text.AppendLine("  decoder {");
        for (var i = 0; i < perSection - 2; i++) text.AppendLine(i % 2 == 0 ? "    linear(hidden)" : "    leaky_relu(slope: 0.1)");
        text.AppendLine("    linear(784)");
        text.AppendLine("    reshape(1, 28, 28)");
        text.AppendLine("  }");
        text.AppendLine("  likelihood Bernoulli");
        text.AppendLine("  loss = recon + beta * kl  warmup(kl, epochs: 10)");
        text.AppendLine("  train { optimizer: adam(lr: 1e-3), batch: 128, epochs: 10, seed: 42 }");
        text.AppendLine("}");
        return text.ToString();
    }
}
