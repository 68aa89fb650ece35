using System;
using System.Linq;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Training;
using Xunit;

namespace VaeDsl.Examples.Tests;

/// <summary>The generated MnistMlp learns on real digits: one epoch on 512 shipped images lowers the loss on
/// held-out images, and every loss stays finite.</summary>
public sealed class MnistMlpTrainingTests
{
    [Fact]
    public void One_epoch_on_512_digits_lowers_the_held_out_loss()
    {
        var train = RepoData.Mnist("train").Take(512);
        var heldOut = RepoData.Mnist("test").Take(256);
        var options = new MnistMlpOptions();
        Seeding.Set(options.Train.Seed);
        var model = new MnistMlp(options);
        var trainer = new Trainer(model, options.Train with { Epochs = 1, BatchSize = 32, Threads = 2 });

        var before = trainer.Evaluate(heldOut).Loss;
        var history = trainer.Fit(train, heldOut);
        var after = trainer.Evaluate(heldOut).Loss;

        var epoch = Assert.Single(history);
        Assert.True(double.IsFinite(epoch.TrainLoss) && double.IsFinite(after), $"train {epoch.TrainLoss}, held-out {after}");
        // An untrained decoder gives about 784 × ln 2 ≈ 543 nats per image; 16 steps of Adam must bring it well down.
        Assert.InRange(before, 500, 600);
        Assert.True(after < before - 100, $"held-out loss went from {before:F1} to {after:F1} nats per image");
    }

    [Fact]
    public void The_generated_model_has_the_architecture_of_the_vae_file()
    {
        var model = new MnistMlp();
        var keys = model.state_dict().Keys.ToList();

        Assert.Equal(new long[] { 1, 28, 28 }, MnistMlp.DefaultInputShape);
        Assert.Equal(20, MnistMlp.DefaultLatentSizes["z"]);
        Assert.Contains("encoder.1.weight", keys);
        Assert.Contains("z.mean.weight", keys);
        Assert.Contains("z.log_var.weight", keys);
        Assert.Contains("decoder.2.weight", keys);
        // 784·400+400 + 2·(400·20+20) + 20·400+400 + 400·784+784: the PyTorch example's count.
        Assert.Equal(652_824, model.ParameterCount);
    }
}
