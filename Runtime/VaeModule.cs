using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeDsl.Runtime;

/// <summary>
/// Base class of every generated variational autoencoder: the trainer, evaluation and image helpers talk to a
/// model only through these members.
/// </summary>
public abstract class VaeModule : nn.Module
{
    /// <summary>Creates the module; <paramref name="name"/> is the TorchSharp module name.</summary>
    protected VaeModule(string name) : base(name)
    {
    }

    /// <summary>
    /// The loss of one batch as nats per example: the total to minimise and its named terms.
    /// </summary>
    /// <param name="x">A batch of inputs, [B, ...InputShape].</param>
    /// <param name="condition">The batch's condition (for example labels), or null for an unconditional model.</param>
    /// <param name="progress">Where training is, for weight schedules; <see cref="TrainingProgress.Evaluation"/> outside training.</param>
    public abstract LossBreakdown ComputeLoss(Tensor x, Tensor? condition, TrainingProgress progress);

    /// <summary>True when the model reads the condition passed to it (a conditional VAE); the trainer gathers a
    /// batch's labels only then.</summary>
    public virtual bool UsesCondition => false;

    /// <summary>The decoded mean in data space (for example the sigmoid of Bernoulli logits) of each input's posterior.</summary>
    public abstract Tensor Reconstruct(Tensor x, Tensor? condition = null);

    /// <summary><paramref name="count"/> decoded prior samples in data space.</summary>
    public abstract Tensor Sample(long count, Tensor? condition = null);

    /// <summary>
    /// An importance-sampled estimate of log p(x) per example, [B], with <paramref name="samples"/> samples from
    /// q(z|x) (Burda et al., 2016), or null when the model's latents do not allow one (only models whose latents are
    /// all diagonal Normal do).
    /// </summary>
    public virtual Tensor? EstimateLogLikelihood(Tensor x, Tensor? condition, int samples) => null;

    /// <summary>
    /// Ends a training epoch (the trainer calls it after each epoch's training batches, before evaluating) and returns
    /// figures of the model's own state over the epoch, by name, which the trainer reports beside the losses: a
    /// quantised latent's codebook usage and perplexity. Empty for most models.
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, double>> EndTrainingEpoch() => System.Array.Empty<KeyValuePair<string, double>>();

    /// <summary>Starts counting what <see cref="EndEvaluation"/> reports over the evaluation batches that follow (the
    /// trainer calls it before evaluating a data set). Nothing for most models.</summary>
    public virtual void BeginEvaluation()
    {
    }

    /// <summary>
    /// Ends an evaluation begun by <see cref="BeginEvaluation"/> and returns figures of the model's state over its
    /// batches, by name, as <see cref="EndTrainingEpoch"/> does for the training batches: a quantised latent's codebook
    /// usage and perplexity on the data set evaluated. Empty for most models.
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, double>> EndEvaluation() => System.Array.Empty<KeyValuePair<string, double>>();

    /// <summary>
    /// The model's training state that is not in its weights, as named non-negative counters (a quantised latent's
    /// assignment counts since its last dead-code check, the steps since that check and whether one is due), which a
    /// checkpoint saves so that a resumed run does what the uninterrupted run does. Empty for most models.
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, long[]>> TrainingCounters() => System.Array.Empty<KeyValuePair<string, long[]>>();

    /// <summary>Restores counters read from a checkpoint: the same names, in the same order and of the same lengths as
    /// <see cref="TrainingCounters"/> gives (the checkpoint checks that before anything is loaded).</summary>
    public virtual void RestoreTrainingCounters(IReadOnlyList<KeyValuePair<string, long[]>> counters)
    {
    }

    /// <summary>True when the model fits part of itself to the training set after training (a prior over a quantised
    /// latent's codes): the trainer then calls <see cref="FitAfterTraining"/> when the run is complete.</summary>
    public virtual bool FitsAfterTraining => false;

    /// <summary>Fits what the model fits after training to <paramref name="train"/>, in batches of
    /// <paramref name="batchSize"/>; the trainer calls it in eval mode. Nothing for most models.</summary>
    public virtual void FitAfterTraining(Data.TensorDataSet train, int batchSize)
    {
    }

    /// <summary>Writes the model's weights to <paramref name="path"/>, in the format its extension names:
    /// <c>.safetensors</c> or a PyTorch state_dict (<c>.pt</c>, <c>.pth</c>; see <see cref="PyTorchWeights"/>), else
    /// the checksummed format of <see cref="ModelWeights"/>.</summary>
    public void SaveWeights(string path) => PyTorchWeights.Save(this, path);

    /// <summary>Loads weights written by <see cref="SaveWeights"/> or by PyTorch (safetensors or a state_dict of the
    /// exported twin), by the file's extension; a file from a model built differently is refused with the first tensor
    /// that differs (see <see cref="ModelWeights"/> and <see cref="PyTorchWeights"/>).</summary>
    public void LoadWeights(string path) => PyTorchWeights.Load(this, path);

    /// <summary>The posterior means of the first latent, [B, d], for plots of the latent space; null when the model does not say.</summary>
    public virtual Tensor? PosteriorMean(Tensor x, Tensor? condition = null) => null;

    /// <summary>The device of the model's parameters, where <c>to(device)</c> (or the trainer) put it: the Runtime creates
    /// every tensor a model needs on it (prior samples, noise). The CPU for a model without parameters.</summary>
    public Device Device => parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>The shape of one input example, without the batch dimension.</summary>
    public abstract IReadOnlyList<long> InputShape { get; }

    /// <summary>The number of scalar parameters (sum of the element counts of <c>parameters()</c>).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}

/// <summary>
/// Base class of a generated model built from its options record <typeparamref name="TOptions"/>: it keeps the options
/// the model was built with and the input shape, so the generated class holds only what is its own.
/// </summary>
/// <typeparam name="TOptions">The generated options record (hyper-parameters and <c>Train</c>).</typeparam>
public abstract class VaeModule<TOptions> : VaeModule
    where TOptions : class, new()
{
    /// <summary>Creates the module with <paramref name="options"/>, or the .vae defaults when null.</summary>
    /// <param name="name">The TorchSharp module name.</param>
    /// <param name="options">The hyper-parameters and training settings; null for <c>new TOptions()</c>.</param>
    /// <param name="inputShape">The shape of one input example, without the batch dimension.</param>
    protected VaeModule(string name, TOptions? options, IReadOnlyList<long> inputShape) : base(name)
    {
        Options = options ?? new TOptions();
        InputShape = inputShape;
    }

    /// <summary>The hyper-parameters and training settings this instance was built with.</summary>
    public TOptions Options { get; }

    /// <inheritdoc/>
    public sealed override IReadOnlyList<long> InputShape { get; }
}
