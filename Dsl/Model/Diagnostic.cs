namespace VaeDsl.Dsl.Model;

public enum Severity
{
    Error,
    Warning,
    Info,
}

/// <summary>A problem found in a .vae file, as plain data: the generator turns it into a Roslyn diagnostic.</summary>
public sealed record VaeDiagnostic(string Id, Severity Severity, string Message, SourceSpan Span)
{
    public override string ToString() => $"{Span}: {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}
