namespace VaeDsl.Runtime.Training;

/// <summary>Settings of a training run; generated options records map onto it.</summary>
public sealed record TrainingOptions
{
    /// <summary>The optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Weight decay (L2 for Adam, SGD and RMSprop; decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Momentum for SGD and RMSprop.</summary>
    public double Momentum { get; init; }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Number of passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Seed of the global generator at the start of <see cref="Trainer.Fit"/> (shuffling, sampling noise, dropout).</summary>
    public long Seed { get; init; }

    /// <summary>When set, <c>metrics.jsonl</c> and <c>metrics.csv</c> are written there, one line per epoch.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Adam/AdamW: decay rate of the first-moment estimate.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam/AdamW: decay rate of the second-moment estimate.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam/AdamW/RMSProp: the term added to the denominator for numerical stability.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>RMSProp: smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>SGD: use Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary>
    /// Where the model, its optimiser state and every batch live: <c>cpu</c>, <c>cuda</c> (the first GPU),
    /// <c>cuda:N</c> (GPU N) or <c>auto</c> (<c>cuda</c> when libtorch has a CUDA device, else <c>cpu</c>; the trainer
    /// prints which it took). See <see cref="ComputeDevice"/>.
    /// </summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Threads for libtorch's CPU kernels; 0 means <see cref="System.Environment.ProcessorCount"/>.</summary>
    public int Threads { get; init; }

    /// <summary>When set, gradients are rescaled so their global L2 norm is at most this value.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>When set, the base learning rate is multiplied by this schedule's factor at every step.</summary>
    public Schedules.LearningRateSchedule? LearningRateSchedule { get; init; }

    /// <summary>
    /// When positive, the last <c>⌈fraction · N⌉</c> training examples are held out as a validation set, evaluated
    /// after every epoch.
    /// </summary>
    public double ValidationFraction { get; init; }

    /// <summary>
    /// When set, training stops after this many epochs without a new best validation loss (the test loss when
    /// there is no validation set).
    /// </summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>
    /// When set, a checkpoint (weights, optimiser state, epoch, generator state) is written there, atomically, every
    /// <see cref="CheckpointEvery"/> epochs and after the last epoch (also when training stops early).
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Epochs between checkpoints (1: after every epoch). A resumed run continues from the last one written,
    /// so at most this many epochs are trained twice after a crash.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>When unused native memory is given back to the system between epochs (see <see cref="Training.MemoryRelease"/>).</summary>
    public MemoryRelease MemoryRelease { get; init; } = MemoryRelease.WhenGrown;

    /// <summary>Whether each epoch draws a live progress line; by default only when standard output is a terminal.</summary>
    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    /// <summary>When set, receives each epoch's progress instead of the display chosen by <see cref="Progress"/>.</summary>
    public ProgressReporter? ProgressReporter { get; init; }
}
