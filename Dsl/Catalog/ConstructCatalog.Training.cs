using System.Collections.Generic;
using static VaeDsl.Dsl.Catalog.ConstructParameter;

namespace VaeDsl.Dsl.Catalog;

public static partial class ConstructCatalog
{
    private static IEnumerable<Construct> OptimizerEntries()
    {
        yield return new Construct(ConstructKind.Optimizer, "adam", "Adam (Kingma and Ba, 2015).", Adam(0.0)) { Runtime = "Training.OptimizerKind" };
        yield return new Construct(ConstructKind.Optimizer, "adamw", "Adam with decoupled weight decay (Loshchilov and Hutter, 2019).", Adam(0.01)) { Runtime = "Training.OptimizerKind" };
        yield return new Construct(ConstructKind.Optimizer, "sgd", "Stochastic gradient descent with optional momentum.", new[]
        {
            LearningRate(1e-3),
            Float("momentum", "The momentum factor.", ValueRange.Probability, 0.0),
            WeightDecay(0.0),
            Bool("nesterov", "Use Nesterov momentum.", false),
        })
        { Runtime = "Training.OptimizerKind" };
        yield return new Construct(ConstructKind.Optimizer, "rmsprop", "RMSProp.", new[]
        {
            LearningRate(1e-2),
            Float("alpha", "Smoothing constant of the squared-gradient average.", ValueRange.Probability, 0.99),
            Epsilon(),
            Float("momentum", "The momentum factor.", ValueRange.Probability, 0.0),
            WeightDecay(0.0),
        })
        { Runtime = "Training.OptimizerKind" };
    }

    private static ConstructParameter[] Adam(double weightDecay) => new[]
    {
        LearningRate(1e-3),
        Float("beta1", "Decay rate of the first-moment estimate.", ValueRange.Probability, 0.9),
        Float("beta2", "Decay rate of the second-moment estimate.", ValueRange.Probability, 0.999),
        Epsilon(),
        WeightDecay(weightDecay),
    };

    private static ConstructParameter LearningRate(double value) => Float("lr", "The learning rate.", ValueRange.Positive, value);

    private static ConstructParameter WeightDecay(double value) => Float("weight_decay", "The weight decay (an L2 penalty; decoupled for adamw).", ValueRange.NonNegative, value);

    private static ConstructParameter Epsilon() => Float("eps", "Added to the denominator for numerical stability.", ValueRange.Positive, 1e-8);

    private static ConstructParameter Warmup() => Int("warmup", "Epochs of linear rise from 0 to the schedule's factor.", ValueRange.NonNegative, 0);

    private static IEnumerable<Construct> LearningRateScheduleEntries()
    {
        yield return new Construct(ConstructKind.LearningRateSchedule, "constant", "The learning rate stays at lr (after any warm-up).", new[] { Warmup() })
        { Runtime = "Training.Schedules.LearningRateSchedule" };
        yield return new Construct(ConstructKind.LearningRateSchedule, "step", "Multiplies the learning rate by gamma every `every` epochs.", new[]
        {
            Int("every", "Epochs between steps.", defaultValue: 10),
            Float("gamma", "The factor applied at each step.", ValueRange.Positive, 0.1),
            Warmup(),
        })
        { Runtime = "Training.Schedules.LearningRateSchedule" };
        yield return new Construct(ConstructKind.LearningRateSchedule, "cosine", "Cosine decay from lr at the start of the run to min_lr at its end.", new[]
        {
            Warmup(),
            Float("min_lr", "The learning rate at the end of the run.", ValueRange.NonNegative, 0.0),
        })
        { Runtime = "Training.Schedules.LearningRateSchedule" };
        yield return new Construct(ConstructKind.LearningRateSchedule, "warmup", "A linear rise over the first epochs, then constant: constant(warmup: epochs).", new[]
        {
            Int("epochs", "Epochs of linear rise from 0 to lr.", defaultValue: 5),
        })
        { Runtime = "Training.Schedules.LearningRateSchedule" };
    }

    private static IEnumerable<Construct> TrainingEntries()
    {
        yield return new Construct(ConstructKind.Training, "train", "Training settings; every entry is optional, and so is the block.", new[]
        {
            Construct("optimizer", "The optimizer and its settings.", ConstructKind.Optimizer, "adam"),
            Int("batch", "Examples per mini-batch.", defaultValue: 128),
            Int("epochs", "Passes over the training set.", defaultValue: 10),
            Int("seed", "Seed of the random number generator, for initialisation, shuffling and sampling.", ValueRange.NonNegative, 0),
            Float("validation", "Fraction of the training data held out for validation (0: none).", ValueRange.Probability, 0.0),
            Int("patience", "Stop after this many epochs without a lower validation loss (0: never); needs validation.", ValueRange.NonNegative, 0),
            Float("clip", "Largest global gradient norm; larger gradients are scaled down (0: no clipping).", ValueRange.NonNegative, 0.0),
            Construct("schedule", "How the learning rate changes over training.", ConstructKind.LearningRateSchedule, "constant"),
            Choice("device", "Where the model, its optimiser state and every batch live: cpu, cuda (the first GPU), cuda:N (GPU N) or auto (cuda when there is one, else cpu).", "cpu", "cpu", "cuda", "auto") with { IndexedWord = "cuda" },
        })
        { Runtime = "Training.TrainingOptions" };
    }
}
