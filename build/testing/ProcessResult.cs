namespace VaeDsl.Testing;

/// <summary>How a finished command ended: its exit code and its standard output and error, interleaved.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
{
    public override string ToString() => $"$ {CommandLine}\n(exit code {ExitCode})\n{Output}";
}
