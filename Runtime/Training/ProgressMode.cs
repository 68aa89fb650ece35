namespace VaeDsl.Runtime.Training;

/// <summary>Whether <see cref="Trainer.Fit"/> draws a live progress line during each epoch.</summary>
public enum ProgressMode
{
    /// <summary>A progress bar when standard output is a terminal; nothing when it is redirected to a file or pipe.</summary>
    Auto,

    /// <summary>No progress output.</summary>
    None,

    /// <summary>Always draw the progress bar on standard output, even when it is redirected.</summary>
    Bar,
}
