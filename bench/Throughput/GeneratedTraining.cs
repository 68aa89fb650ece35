using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Bench.Throughput;

/// <summary>Trains a generated model the way a user of VaeDsl does: its options record, the Runtime's trainer.</summary>
internal static class GeneratedTraining
{
    public static VaeModule Create(ModelKind kind, long seed) => kind switch
    {
        ModelKind.Mlp => Seeded(seed, () => new MnistMlp(new MnistMlpOptions { Train = new MnistMlpOptions().Train with { Seed = seed } })),
        _ => Seeded(seed, () => new MnistConv(new MnistConvOptions { Train = new MnistConvOptions().Train with { Seed = seed } })),
    };

    public static TrainingOptions Options(VaeModule model, int epochs, int threads)
    {
        var options = model switch
        {
            MnistMlp mlp => mlp.Options.Train,
            MnistConv conv => conv.Options.Train,
            _ => throw new System.ArgumentException($"unexpected model {model.GetType().Name}", nameof(model)),
        };
        return options with { Epochs = epochs, Threads = threads, Progress = ProgressMode.None };
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs with the Runtime's trainer, calling <paramref name="onEpoch"/> with
    /// each epoch's seconds, processor seconds and mean loss per image; what the callback does is not timed.
    /// </summary>
    public static void Run(VaeModule model, TensorDataSet train, int epochs, int threads, System.Action<EpochTiming> onEpoch)
    {
        var cpu = ProcessorTime.Seconds();
        new Trainer(model, Options(model, epochs, threads)).Fit(train, onEpoch: m =>
        {
            onEpoch(new EpochTiming(m.Seconds, ProcessorTime.Seconds() - cpu, m.TrainLoss, m.ResidentBytes / 1024));
            cpu = ProcessorTime.Seconds();
        });
    }

    private static VaeModule Seeded(long seed, System.Func<VaeModule> create)
    {
        Seeding.Set(seed);
        return create();
    }
}
