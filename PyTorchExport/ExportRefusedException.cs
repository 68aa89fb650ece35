using System;
using VaeDsl.Dsl.Model;

namespace VaeDsl.PyTorchExport;

/// <summary>A checked construct the export cannot write as PyTorch; reported as VAE9101 at its place in the .vae file.</summary>
internal sealed class ExportRefusedException : Exception
{
    public ExportRefusedException(SourceSpan span, string message) : base(message)
    {
        Span = span;
    }

    public SourceSpan Span { get; }
}
