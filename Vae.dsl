// Vae.dsl - a tour of the .vae language in one file. Every construct appears at least once, with a comment
// saying what it means. The test suite compiles this file and expects zero diagnostics.
// The full grammar is in docs/language.md; every diagnostic is in docs/diagnostics.md.

/* Block comments work anywhere whitespace does,
   and may span lines. */

// An optional namespace for the generated classes; it must come first.
namespace VaeDsl.Tour

// A file-level block: a reusable, parametric group of layers, used like a layer in any model of the file.
// Parameters are numbers; a parameter may have a default written as an expression.
block Down(channels, kernel = 4) {
  conv2d(channels, kernel: kernel, stride: 2, padding: 1)
  batch_norm
  leaky_relu(slope: 0.2)
}

/// Convolutional VAE for 28×28 digits, with β-weighted KL warmed up over 10 epochs.
/// (Doc comments written with three slashes become the XML documentation of the generated class.)
model MnistConv {
  input x: [1, 28, 28]                    // [C, H, W] image input

  /// Size of the latent code.
  hyper latent = 16
  /// Width of the fully connected layer.
  hyper hidden = 256, beta = 4.0          // hyper-parameters: integers and floats
  hyper c1 = 32, c2 = c1 * 2             // arithmetic over earlier hyper-parameters

  // A block local to this model.
  block Up(channels) {
    conv_transpose2d(channels, kernel: 4, stride: 2, padding: 1, output_padding: 0)
    relu
  }

  encoder {
    Down(c1)                              // [32, 14, 14]
    Down(c2)                              // [64, 7, 7]
    flatten                               // [3136]
    linear(hidden) relu
    dropout(p: 0.1)
  }
  latent z ~ Normal(latent)               // diagonal Gaussian posterior: mean and log-variance heads
  prior z ~ StandardNormal                // N(0, I); the KL is analytic
  decoder {
    linear(hidden) relu
    linear(c2 * 7 * 7) relu
    reshape(c2, 7, 7)
    Up(c1)                                // [32, 14, 14]
    conv_transpose2d(1, kernel: 4, stride: 2, padding: 1)   // logits [1, 28, 28]
  }
  likelihood Bernoulli                    // pixel-wise Bernoulli on logits
  loss = recon + beta * kl warmup(kl, epochs: 10)
  train {
    optimizer: adamw(lr: 1e-3, weight_decay: 1e-4)
    batch: 128, epochs: 20, seed: 42
    clip: 1.0, device: cpu                // gradient-norm clipping; device: cpu, cuda, cuda:1 (a GPU index) or auto
    schedule: cosine(warmup: 2)           // learning rate: 2 warm-up epochs, then cosine decay
    validation: 0.1, patience: 5          // early stopping on the validation loss
  }
}

/// A tabular VAE with every remaining layer, a learned prior, a learned Gaussian likelihood,
/// a class condition, β-TCVAE and MMD terms, cyclical annealing and free bits.
model Tabular {
  input x: [13]                           // [D] vector input
  condition y: onehot(3)                  // one-hot class label (3 classes)
  hyper width = 64, depth = 2, gamma = 0.5

  encoder {
    linear(width) gelu
    repeat depth {                        // repeated depth times, expanded at compile time
      residual {                          // x + body(x); the body must keep the shape
        layer_norm(eps: 1e-5)
        linear(width) silu
        linear(width)
      }
    }
    linear(width) elu(alpha: 1.0)
    linear(width) softplus(beta: 1.0)
    linear(width) tanh
  }
  latent z ~ Normal(4)
  prior z ~ LearnedNormal                 // a learned diagonal Gaussian prior
  decoder {                               // input: [4 + 3] = z concatenated with the one-hot condition
    linear(width) sigmoid
    linear(width) identity
    linear(13)
  }
  likelihood Gaussian(variance: learned, per: element)   // one learned variance per input element
  loss = recon + kl + 2 * tc + gamma * mmd cyclical(kl, cycles: 4, ratio: 0.5) free_bits(kl, nats: 0.1)
  train { optimizer: sgd(lr: 0.01, momentum: 0.9), batch: 32, epochs: 50, schedule: step(every: 10, gamma: 0.5) }
}

/// Discrete and mixed latents: a Gumbel-softmax categorical code and a relaxed Bernoulli code,
/// with a mixture-of-Gaussians prior on a third, continuous latent and capacity annealing of the KL.
model Discrete {
  input x: [1, 28, 28]
  condition style: vector(8)              // a real-valued condition vector
  encoder {
    conv2d(16, kernel: 3, padding: 1) relu
    max_pool2d(2)                         // [16, 14, 14]
    conv2d(16, kernel: 3, padding: 1, groups: 4, dilation: 1, bias: false)
    group_norm(4)
    avg_pool2d(kernel: 2, stride: 2)      // [16, 7, 7]
    flatten
    linear(128) relu
  }
  latent c ~ Categorical(10, groups: 2, temperature: 1.0, min_temperature: 0.5, anneal_rate: 3e-5, hard: false)
  latent b ~ Bernoulli(8, temperature: 0.67, hard: true)
  latent z ~ Normal(4)
  prior c ~ Uniform                       // uniform categorical: analytic KL
  prior b ~ Uniform                       // Bernoulli(0.5): analytic KL
  prior z ~ MixtureOfGaussians(components: 10)   // no closed form: Monte Carlo KL
  decoder {                               // input: [10·2 + 8 + 4 + 8] = 40
    linear(16 * 7 * 7) relu
    reshape(16, 7, 7)
    upsample(2)                           // [16, 14, 14], nearest
    conv2d(16, kernel: 3, padding: 1) relu
    upsample(scale: 2, mode: bilinear)    // [16, 28, 28]
    conv2d(1, kernel: 3, padding: 1)
  }
  likelihood Laplace(scale: learned)
  loss = recon + kl capacity(kl, max: 25, epochs: 100)
  train { optimizer: rmsprop(lr: 1e-3, alpha: 0.99), epochs: 5, schedule: warmup(epochs: 1) }
}

/// 8-bit pixels with a 256-way categorical likelihood, a VampPrior and the importance-weighted bound.
model Pixels {
  input x: [1, 8, 8]
  encoder { flatten linear(64) relu }
  latent z ~ Normal(2)
  prior z ~ VampPrior(pseudo_inputs: 50)
  decoder {
    linear(256 * 64)
    reshape(256, 1, 8, 8)                 // logits over 256 intensity levels per pixel
  }
  likelihood Categorical256               // decoder output [256, C, H, W]
  loss = iwae(k: 5)                       // the IWAE bound with 5 samples replaces recon + kl
  train { optimizer: adam, batch: 64, epochs: 1 }
}

/// Sequences of token indices through an embedding, 1-D convolutions and pooling; KL by sampling on purpose.
model Tokens {
  input x: [32]                           // 32 indices in [0, 100)
  encoder {
    embedding(100, 16)                    // [32, 16]
    reshape(16, 32)                       // channels first for conv1d
    conv1d(8, kernel: 5, stride: 1, padding: 2)   // [8, 32]
    max_pool1d(2)                         // [8, 16]
    flatten
  }
  latent z ~ Normal(6)
  decoder {
    linear(8 * 16) relu
    reshape(8, 16)
    conv_transpose1d(4, kernel: 4, stride: 2, padding: 1)   // [4, 32]
    avg_pool1d(kernel: 4, stride: 4)      // [4, 8]
    flatten                               // [32]
  }
  likelihood Gaussian(variance: 0.5)      // fixed variance
  loss = recon + kl(method: monte_carlo)
}

/// Normalizing flows on Normal posteriors: planar, radial and inverse autoregressive steps; the KL by sampling.
model Flows {
  input x: [1, 28, 28]
  encoder { flatten linear(128) relu }
  latent z ~ Normal(8) flow planar(steps: 4, amortized: true)   // each example's u, w, b from the encoder's features
  latent w ~ Normal(4) flow radial(steps: 2)
  latent v ~ Normal(4) flow iaf(steps: 2, hidden: 32, context: true)   // each step reads the encoder's features
  decoder { linear(128) relu linear(784) reshape(1, 28, 28) }
  likelihood Bernoulli
  loss = recon + kl warmup(kl, epochs: 2)   // Monte Carlo: log q(z_K|x) − log p(z_K)
  train { optimizer: adam, batch: 64, epochs: 1 }
}

/// A layer of the project's own C# code: custom names a TorchSharp module of one tensor, passes its constructor the
/// arguments, and declares the shape it returns, here as a rule over the sizes it receives.
model Gated {
  input x: [16]
  hyper width = 32
  encoder {
    linear(width) relu
    custom Gate(width, bias: 1.0) [n] -> [n]   // x · sigmoid(W x + b), VaeDsl.Tour.Gate in Vae.Layers.cs
  }
  latent z ~ Normal(4)
  decoder {
    linear(width) relu
    custom Gate(width) -> [width]          // a declared shape without a rule
    linear(16)
  }
  likelihood Gaussian
  loss = recon + kl
}

/// Token sequences through recurrent layers, self-attention and transformer layers with position embeddings,
/// and a categorical likelihood over the vocabulary; the decoder passes through a pixel shuffle on the way.
model Sequences {
  input x: [16]                           // 16 token indices in [0, 20)
  hyper vocab = 20
  encoder {
    embedding(vocab, 16)                  // [16, 16]
    positional                            // a learned [16, 16] table added
    self_attention(heads: 4)
    lstm(24, layers: 2)                   // [16, 24]
    gru(12, bidirectional: true, output: last)   // [24]: both directions' final states
  }
  latent z ~ Normal(8)
  decoder {
    linear(64) relu
    reshape(16, 2, 2)
    pixel_shuffle(2)                      // [4, 4, 4]
    reshape(16, 4)                        // a sequence [L, E] again
    positional(encoding: sinusoidal)
    transformer(heads: 2, ff: 32, dropout: 0.0, norm: pre, causal: true)
    lstm(32)                              // [16, 32]
    linear(vocab)                         // [16, 20]: logits over the vocabulary
  }
  likelihood TokenCategorical(vocab)      // recon = summed cross-entropy of the tokens
  loss = recon + kl
}

/// A word VAE in the style of Bowman et al. (2016): a GRU reads the letters into the code, and an LSTM decoder
/// reads them again shifted by one position beside the code (teacher forcing), a quarter of them dropped in training.
model Words {
  input x: [12]                           // 12 letters in [0, 28): 0 ends the word, 1 is the unknown letter
  hyper vocab = 28
  encoder {
    embedding(vocab, 16)
    gru(32, output: last)                 // [32]
  }
  latent z ~ Normal(8)
  decoder {
    teacher_forcing(dim: 16, word_dropout: 0.25)   // [12, 8 + 16]: z beside the previous letter
    lstm(64)                              // [12, 64]
    linear(vocab)                         // [12, 28]
  }
  likelihood TokenCategorical(vocab)
  loss = recon + kl warmup(kl, epochs: 5)
}

/// A vector-quantised autoencoder (VQ-VAE, van den Oord et al., 2017): the nearest of 32 code vectors at each of 7 × 7
/// positions, a codebook following moving averages, dead codes restarted, and a prior over codes fitted after training.
model Codes {
  input x: [1, 28, 28]
  encoder {
    conv2d(16, kernel: 4, stride: 2, padding: 1) relu   // [16, 14, 14]
    conv2d(8, kernel: 4, stride: 2, padding: 1)         // [8, 7, 7]: the code dimension first
  }
  latent z ~ VectorQuantized(codes: 32, dim: 8, ema: true, restart: true)
  prior z ~ FittedCategorical             // code frequencies at each position, counted on the training set
  decoder {
    conv_transpose2d(16, kernel: 4, stride: 2, padding: 1) relu
    conv_transpose2d(1, kernel: 4, stride: 2, padding: 1)
  }
  likelihood Bernoulli
  loss = recon + vq                       // codebook and commitment losses; kl does not apply
  train { optimizer: adam, batch: 64, epochs: 1 }
}

/// A Ladder VAE (Sønderby et al., 2016): three stochastic layers p(z3) p(z2|z3) p(z1|z2) p(x|z1), inferred top-down.
model Ladder {
  input x: [64]
  encoder { linear(32) relu }
  latent z1 ~ Normal(8)                   // q(z1|x, z2): read from the encoder, merged with p(z1|z2)
  latent z2 ~ Normal(4) from z1 { linear(16) relu }   // a network from z1's features (top-down) or its sample (bottom-up)
  latent z3 ~ Normal(2) from z2           // no braces: the heads read z2's features directly
  prior z3 ~ StandardNormal
  prior z2 ~ Normal given z3 { linear(16) relu }      // a conditional prior: mean and log-variance from z3
  prior z1 ~ Normal given z2
  inference top_down                      // bottom-up pass, then each posterior is a precision-weighted merge with its prior
  decoder { linear(32) relu linear(64) }  // p(x|z1): the decoder reads the bottom latent
  likelihood Gaussian
  loss = recon + kl warmup(kl, epochs: 5)  // kl is kl_z1 + kl_z2 + kl_z3, each reported
}
