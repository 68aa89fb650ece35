namespace VaeDsl.Testing;

/// <summary>How a finished command ended: its exit code and its standard output and error, interleaved.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
{
    /// <summary>What the command wrote to standard output alone.</summary>
    public string StandardOutput { get; init; } = string.Empty;

    /// <summary>What the command wrote to standard error alone.</summary>
    public string StandardError { get; init; } = string.Empty;

    public override string ToString() => $"$ {CommandLine}\n(exit code {ExitCode})\n{Output}";
}
