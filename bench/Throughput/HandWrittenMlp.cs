using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Bench.Throughput;

/// <summary>MnistMlp.vae written by hand in TorchSharp: 784-400-(20, 20) encoder, 20-400-784 decoder of Bernoulli logits.</summary>
internal sealed class HandWrittenMlp : nn.Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVar)>
{
    private readonly Sequential encoder;
    private readonly Linear mean;
    private readonly Linear logVar;
    private readonly Sequential decoder;

    public HandWrittenMlp(int hidden = 400, int latent = 20) : base(nameof(HandWrittenMlp))
    {
        encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU());
        mean = nn.Linear(hidden, latent);
        logVar = nn.Linear(hidden, latent);
        decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, 784), nn.Unflatten(1, new long[] { 1, 28, 28 }));
        RegisterComponents();
    }

    /// <summary>q(z | x): its mean and log-variance.</summary>
    public (Tensor Mean, Tensor LogVar) Encode(Tensor x)
    {
        var h = encoder.forward(x);
        return (mean.forward(h), logVar.forward(h));
    }

    /// <summary>The Bernoulli logits of p(x | z).</summary>
    public Tensor Decode(Tensor z) => decoder.forward(z);

    public override (Tensor Logits, Tensor Mean, Tensor LogVar) forward(Tensor x)
    {
        var h = encoder.forward(x);
        var mu = mean.forward(h);
        var lv = logVar.forward(h);
        var z = mu + (lv * 0.5).exp() * randn_like(mu);
        return (decoder.forward(z), mu, lv);
    }
}
