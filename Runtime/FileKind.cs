namespace VaeDsl.Runtime;

/// <summary>A kind of VaeDsl's own binary files: the magic string its files start with, its format version, and how
/// messages call it.</summary>
internal sealed record FileKind(string Magic, int Version, string Name)
{
    /// <summary>A training checkpoint (<see cref="Training.TrainingOptions.CheckpointPath"/>).</summary>
    public static readonly FileKind Checkpoint = new("VAEDSL-CHECKPOINT", 3, "checkpoint");

    /// <summary>A model's weights (<see cref="ModelWeights"/>).</summary>
    public static readonly FileKind Weights = new("VAEDSL-WEIGHTS", 2, "weights file");

    /// <summary>Every kind, so a file of one kind given as another is called what it is.</summary>
    public static readonly FileKind[] All = { Checkpoint, Weights };
}
