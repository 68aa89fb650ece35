using System.Globalization;

namespace VaeDsl.Generator.Bench;

/// <summary>Distinct, valid models in the shape of Examples/MnistMlp/MnistMlp.vae, one per file.</summary>
internal static class ModelSources
{
    public static string Path(int index) => $"/project/Models/Model{index}.vae";

    /// <summary>Model number <paramref name="index"/>; <paramref name="hidden"/> changes it as an edit would.</summary>
    public static string Text(int index, int hidden) => string.Format(CultureInfo.InvariantCulture, """
        /// Multilayer-perceptron VAE number {0} for 28×28 digits.
        model Model{0} {{
          input x: [1, 28, 28]
          hyper hidden = {1}, latent = {2}

          encoder {{
            flatten
            linear(hidden) relu
          }}
          latent z ~ Normal(latent)
          prior z ~ StandardNormal
          decoder {{
            linear(hidden) relu
            linear(784)
            reshape(1, 28, 28)
          }}
          likelihood Bernoulli
          loss = recon + kl
          train {{ optimizer: adam(lr: 1e-3), batch: 128, epochs: 10, seed: {0} }}
        }}

        """, index, hidden, 2 + index % 30);
}
