using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using VaeDsl.Runtime.Data;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// Trains a <see cref="VaeModule"/> by minimising its <see cref="VaeModule.ComputeLoss"/> over shuffled batches and
/// reports losses as nats per example. A data set's labels, when present, are passed to the model as its condition.
/// </summary>
public sealed class Trainer
{
    private readonly VaeModule model;
    private readonly TrainingOptions options;
    private readonly IReadOnlyList<Parameter> parameters;
    private readonly optim.Optimizer optimizer;
    private readonly Device device;
    private readonly TrainingHistory history = new();
    private double bestLoss = double.PositiveInfinity;
    private int epochsWithoutImprovement;

    /// <summary>
    /// Creates a trainer: moves the model to <see cref="TrainingOptions.Device"/> (for <c>auto</c> printing which device
    /// it took), then creates the optimiser over its parameters, so the optimiser's state lives there too.
    /// </summary>
    /// <exception cref="DeviceUnavailableException">The device is not there (<c>cuda</c> without a CUDA build of libtorch or a GPU).</exception>
    public Trainer(VaeModule model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        this.model = model;
        this.options = options;
        device = ComputeDevice.Resolve(options.Device, Console.Out);
        model.to(device);
        parameters = model.parameters().ToList();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("the model has no parameters to train (were its submodules registered?)", nameof(model));
        }

        optimizer = OptimizerFactory.Create(parameters, options);
    }

    /// <summary>The settings of this trainer.</summary>
    public TrainingOptions Options => options;

    /// <summary>The device the model trains on, from <see cref="TrainingOptions.Device"/>; every batch is copied there.</summary>
    public Device Device => device;

    /// <summary>The number of epochs trained so far (restored by <see cref="Resume"/>).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>True when the run stopped early for lack of validation improvement (also when the checkpoint it was
    /// resumed from was written at that stop).</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>The metrics of every epoch of the run so far, 1 to <see cref="CompletedEpochs"/>: those restored by
    /// <see cref="Resume"/> and those trained since.</summary>
    public TrainingHistory History => history;

    /// <summary>
    /// Loads a checkpoint written with <see cref="TrainingOptions.CheckpointPath"/>: weights, optimiser state, the
    /// generator state, the model's training counters (<see cref="VaeModule.TrainingCounters"/>), completed epochs, early stopping's state and the metrics of every epoch so far, so the next
    /// <see cref="Fit"/> continues the run exactly. The whole file is read and checked first: on any error nothing of
    /// the model, the optimiser or the trainer has changed.
    /// </summary>
    /// <exception cref="System.IO.FileNotFoundException">There is no file at <paramref name="checkpointPath"/>.</exception>
    /// <exception cref="InvalidFileException">The file is not a checkpoint, is truncated or damaged, was written for
    /// another model, optimiser or a longer run; the message names the file and the problem.</exception>
    public void Resume(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        var checkpoint = Checkpoint.Read(checkpointPath, model, optimizer, copies => OptimizerFactory.Create(copies, options), model.TrainingCounters());
        var state = checkpoint.State;
        if (state.CompletedEpochs > options.Epochs)
        {
            throw new InvalidFileException(checkpointPath,
                $"checkpoint '{checkpointPath}' records {state.CompletedEpochs} completed epochs but this run has {options.Epochs}: resume with at least {state.CompletedEpochs} epochs, or delete the checkpoint to start over.");
        }

        checkpoint.Apply();
        model.RestoreTrainingCounters(checkpoint.Counters);
        CompletedEpochs = state.CompletedEpochs;
        StoppedEarly = state.StoppedEarly;
        bestLoss = state.BestLoss;
        epochsWithoutImprovement = state.EpochsWithoutImprovement;
        history.Clear();
        foreach (var metrics in state.Metrics)
        {
            history.Add(metrics);
        }
    }

    /// <summary>
    /// Trains from <see cref="CompletedEpochs"/> to <see cref="TrainingOptions.Epochs"/>, evaluating on
    /// <paramref name="test"/> (and the validation split) after each epoch, and returns the epochs trained by this call
    /// (<see cref="History"/> has the whole run). A fresh run first seeds the global generator with
    /// <see cref="TrainingOptions.Seed"/>; a resumed run continues from the checkpoint's generator state, and one resumed
    /// from a checkpoint written when early stopping ended it trains nothing more.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The total loss of a batch was NaN or infinite.</exception>
    /// <exception cref="DataSetMismatchException">A data set does not fit the model (shape, element type, missing labels).</exception>
    /// <exception cref="NonFiniteEvaluationException">The loss of a validation or test batch was NaN or infinite.</exception>
    public TrainingHistory Fit(TensorDataSet train, TensorDataSet? test = null, Action<EpochMetrics>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        DataSetCheck.Fits(model, train, "training");
        if (test is not null)
        {
            DataSetCheck.Fits(model, test, "test");
        }

        var (fitSet, validation) = SplitValidation(train);
        if (fitSet.Count == 0)
        {
            throw new ArgumentException("the training set is empty", nameof(train));
        }

        ApplyThreads();
        if (CompletedEpochs == 0)
        {
            torch.manual_seed(options.Seed);
            history.Clear();
            bestLoss = double.PositiveInfinity;
            epochsWithoutImprovement = 0;
            StoppedEarly = false;
        }

        // A resumed run rewrites the rows of its checkpointed epochs from the checkpoint, so none is lost or doubled.
        var writer = options.OutputDirectory is null ? null : new MetricsWriter(options.OutputDirectory, history);
        var trained = new TrainingHistory();
        if (StoppedEarly)
        {
            if (model.FitsAfterTraining)
            {
                FitAfterTraining(fitSet);
            }

            return trained;
        }

        var stepsPerEpoch = (fitSet.Count + options.BatchSize - 1) / options.BatchSize;
        var reporter = ChooseReporter();
        var memory = new NativeMemoryGuard(options.MemoryRelease);
        for (var epoch = CompletedEpochs; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var (trainLoss, trainTerms) = TrainEpoch(fitSet, epoch, stepsPerEpoch, reporter);
            var statistics = model.EndTrainingEpoch().ToDictionary(s => s.Key, s => s.Value);
            EvaluationResult? validationResult = validation is null ? null : Evaluate(validation, "validation");
            EvaluationResult? testResult = test is null ? null : Evaluate(test, "test");
            var resident = memory.AfterEpoch();
            var metrics = new EpochMetrics(
                epoch + 1, trainLoss, testResult?.Loss, trainTerms, testResult?.Terms, clock.Elapsed.TotalSeconds, validationResult?.Loss)
            {
                ResidentBytes = resident,
                Statistics = statistics,
                TestStatistics = testResult?.Statistics ?? new Dictionary<string, double>(),
            };
            CompletedEpochs = epoch + 1;
            history.Add(metrics);
            trained.Add(metrics);
            var monitored = validationResult?.Loss ?? testResult?.Loss;
            if (options.EarlyStoppingPatience is int patience && monitored is double loss)
            {
                if (loss < bestLoss)
                {
                    bestLoss = loss;
                    epochsWithoutImprovement = 0;
                }
                else
                {
                    StoppedEarly = ++epochsWithoutImprovement >= patience;
                }
            }

            var last = StoppedEarly || CompletedEpochs == options.Epochs;
            if (options.CheckpointPath is not null && (last || CompletedEpochs % options.CheckpointEvery == 0))
            {
                Checkpoint.Save(options.CheckpointPath, model, optimizer,
                    new TrainerState(CompletedEpochs, StoppedEarly, bestLoss, epochsWithoutImprovement, history.ToArray()), model.TrainingCounters());
            }

            writer?.Write(metrics);
            onEpoch?.Invoke(metrics);
            if (StoppedEarly)
            {
                break;
            }
        }

        if (model.FitsAfterTraining && (StoppedEarly || CompletedEpochs == options.Epochs))
        {
            FitAfterTraining(fitSet);
        }

        return trained;
    }

    // What the model fits to the training set once trained (a prior over codes), in eval mode without gradients.
    private void FitAfterTraining(TensorDataSet fitSet)
    {
        ApplyThreads();
        model.eval();
        using (no_grad())
        {
            model.FitAfterTraining(fitSet, options.BatchSize);
        }
    }

    private (TensorDataSet Train, TensorDataSet? Validation) SplitValidation(TensorDataSet data)
    {
        if (options.ValidationFraction <= 0)
        {
            return (data, null);
        }

        var held = (long)Math.Ceiling(options.ValidationFraction * data.Count);
        var kept = data.Count - held;
        return (data.Take(kept), data.Slice(kept, held));
    }

    /// <summary>Mean loss and terms per example over <paramref name="data"/>, in eval mode without gradients, and the
    /// model's figures over its batches (<see cref="VaeModule.EndEvaluation"/>).</summary>
    /// <exception cref="DataSetMismatchException">The data set does not fit the model.</exception>
    /// <exception cref="NonFiniteEvaluationException">The loss of a batch was NaN or infinite.</exception>
    public EvaluationResult Evaluate(TensorDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataSetCheck.Fits(model, data, "evaluation");
        return Evaluate(data, "evaluation");
    }

    // Fit checks its sets once before the first epoch; this is what it runs after every epoch.
    private EvaluationResult Evaluate(TensorDataSet data, string set)
    {
        ApplyThreads();
        model.eval();
        using var accumulator = new LossAccumulator();
        model.BeginEvaluation();
        using (no_grad())
        {
            for (long start = 0; start < data.Count; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var size = Math.Min(options.BatchSize, data.Count - start);
                var (x, condition) = data.Batch(null, start, size, withLabels: true, device);
                var loss = model.ComputeLoss(x, condition, TrainingProgress.Evaluation);
                var batchTotal = loss.Total.item<float>();
                if (!float.IsFinite(batchTotal))
                {
                    var (names, detail) = NonFinite(batchTotal, loss);
                    throw new NonFiniteEvaluationException(set, start, size, names, detail);
                }

                accumulator.Add(loss, size);
            }
        }

        var statistics = model.EndEvaluation().ToDictionary(s => s.Key, s => s.Value);
        var (total, terms) = accumulator.Means();
        return new EvaluationResult(total, terms, data.Count) { Statistics = statistics };
    }

    private ProgressReporter? ChooseReporter() => options.ProgressReporter ?? options.Progress switch
    {
        ProgressMode.Bar => new ProgressBar(),
        ProgressMode.Auto when !Console.IsOutputRedirected => new ProgressBar(),
        _ => null,
    };

    private (double Loss, IReadOnlyDictionary<string, double> Terms) TrainEpoch(TensorDataSet train, int epoch, long stepsPerEpoch, ProgressReporter? reporter)
    {
        reporter?.EpochStarted(epoch + 1, options.Epochs, stepsPerEpoch);
        try
        {
            return TrainSteps(train, epoch, stepsPerEpoch, reporter);
        }
        finally
        {
            reporter?.EpochEnded();
        }
    }

    private (double Loss, IReadOnlyDictionary<string, double> Terms) TrainSteps(TensorDataSet train, int epoch, long stepsPerEpoch, ProgressReporter? reporter)
    {
        model.train();
        using var accumulator = new LossAccumulator();
        using var order = train.ShuffledOrder();
        for (long step = 0; step < stepsPerEpoch; step++)
        {
            using var scope = NewDisposeScope();
            var start = step * options.BatchSize;
            var size = Math.Min(options.BatchSize, train.Count - start);
            var (x, condition) = train.Batch(order, start, size, model.UsesCondition, device);
            var progress = new TrainingProgress(epoch, options.Epochs, step, stepsPerEpoch) { DatasetSize = train.Count };
            var loss = model.ComputeLoss(x, condition, progress);

            // One scalar read per step: on the CPU it costs microseconds and stops a NaN before it reaches the weights.
            var total = loss.Total.item<float>();
            if (!float.IsFinite(total))
            {
                throw Diverged(epoch, step, total, loss);
            }

            optimizer.zero_grad();
            loss.Total.backward();
            if (options.GradientClipNorm is double maxNorm)
            {
                nn.utils.clip_grad_norm_(parameters, maxNorm);
            }

            if (options.LearningRateSchedule is { } schedule)
            {
                var rate = options.LearningRate * schedule.Factor(progress);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }
            }

            optimizer.step();
            accumulator.Add(loss, size);

            // The running means are read back only when the reporter is due to redraw, not at every step.
            if (reporter is not null && reporter.WantsUpdate(step + 1))
            {
                var (runningTotal, runningTerms) = accumulator.Means();
                reporter.Update(step + 1, runningTotal, runningTerms);
            }
        }

        return accumulator.Means();
    }

    private static TrainingDivergedException Diverged(int epoch, long step, float total, LossBreakdown loss)
    {
        var (names, detail) = NonFinite(total, loss);
        return new TrainingDivergedException(epoch + 1, step + 1, names, detail);
    }

    /// <summary>Which terms of a non-finite loss are NaN or infinite, and a sentence saying so.</summary>
    private static (string[] Names, string Detail) NonFinite(float total, LossBreakdown loss)
    {
        var bad = loss.Terms
            .Select(t => (t.Key, Value: t.Value.detach().to(ScalarType.Float64).sum().item<double>()))
            .Where(t => !double.IsFinite(t.Value))
            .ToList();
        var names = bad.Count == 0 ? new[] { "total" } : bad.Select(t => t.Key).ToArray();
        var detail = bad.Count == 0
            ? $"the total loss is {Format(total)} although every term is finite (check the term weights)"
            : $"the total loss is {Format(total)}; non-finite term(s): {string.Join(", ", bad.Select(t => $"{t.Key} = {Format(t.Value)}"))}";
        return (names, detail);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private void ApplyThreads()
    {
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        if (torch.get_num_threads() != threads)
        {
            torch.set_num_threads(threads);
        }
    }

    private static void Validate(TrainingOptions o)
    {
        if (!(o.LearningRate > 0) || double.IsInfinity(o.LearningRate))
        {
            throw new ArgumentException($"learning rate must be positive but is {o.LearningRate}", nameof(o));
        }

        if (o.BatchSize <= 0)
        {
            throw new ArgumentException($"batch size must be positive but is {o.BatchSize}", nameof(o));
        }

        if (o.Epochs < 0)
        {
            throw new ArgumentException($"epochs must be non-negative but is {o.Epochs}", nameof(o));
        }

        if (o.WeightDecay < 0 || o.Momentum < 0 || o.Threads < 0)
        {
            throw new ArgumentException("weight decay, momentum and threads must be non-negative", nameof(o));
        }

        if (!(o.ValidationFraction >= 0 && o.ValidationFraction < 1))
        {
            throw new ArgumentException($"validation fraction must be in [0, 1) but is {o.ValidationFraction}", nameof(o));
        }

        if (o.CheckpointEvery < 1)
        {
            throw new ArgumentException($"checkpoint interval must be at least 1 epoch but is {o.CheckpointEvery}", nameof(o));
        }

        if (o.EarlyStoppingPatience is int patience && patience < 1)
        {
            throw new ArgumentException($"early-stopping patience must be at least 1 epoch but is {patience}", nameof(o));
        }

        if (!ComputeDevice.IsValid(o.Device))
        {
            throw new ArgumentException($"device must be one of {ComputeDevice.Choices} but is '{o.Device}'", nameof(o));
        }

        if (o.GradientClipNorm is double clip && !(clip > 0))
        {
            throw new ArgumentException($"gradient clip norm must be positive but is {clip}", nameof(o));
        }
    }
}
