namespace VaeDsl.Generator.Tests.Infrastructure;

/// <summary>The smallest valid model, for tests about projects, files and diagnostics rather than about a construct.</summary>
internal static class TinyModel
{
    /// <summary>The model <paramref name="name"/>, in <paramref name="namespace"/> when one is given, followed by a blank line.</summary>
    public static string Text(string name, string @namespace = "") => $$"""
        {{(@namespace.Length > 0 ? "namespace " + @namespace : "")}}
        model {{name}} {
          input x: [8]
          encoder { linear(16) relu }
          latent z ~ Normal(2)
          decoder { linear(8) }
          likelihood Bernoulli
          loss = recon + kl
        }

        """;
}
