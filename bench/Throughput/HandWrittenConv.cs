using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Bench.Throughput;

/// <summary>MnistConv.vae written by hand in TorchSharp: two stride-2 convolutions, a dense bottleneck, transposed convolutions back up.</summary>
internal sealed class HandWrittenConv : nn.Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVar)>
{
    private readonly Sequential encoder;
    private readonly Linear mean;
    private readonly Linear logVar;
    private readonly Sequential decoder;

    public HandWrittenConv(int hidden = 16, int latent = 2) : base(nameof(HandWrittenConv))
    {
        encoder = nn.Sequential(
            nn.Conv2d(1, 32, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Flatten(),
            nn.Linear(64 * 7 * 7, hidden), nn.ReLU());
        mean = nn.Linear(hidden, latent);
        logVar = nn.Linear(hidden, latent);
        decoder = nn.Sequential(
            nn.Linear(latent, 64 * 7 * 7), nn.ReLU(),
            nn.Unflatten(1, new long[] { 64, 7, 7 }),
            nn.ConvTranspose2d(64, 64, 3, stride: 2, padding: 1, output_padding: 1), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 3, stride: 2, padding: 1, output_padding: 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 3, padding: 1));
        RegisterComponents();
    }

    public override (Tensor Logits, Tensor Mean, Tensor LogVar) forward(Tensor x)
    {
        var h = encoder.forward(x);
        var mu = mean.forward(h);
        var lv = logVar.forward(h);
        var z = mu + (lv * 0.5).exp() * randn_like(mu);
        return (decoder.forward(z), mu, lv);
    }
}
