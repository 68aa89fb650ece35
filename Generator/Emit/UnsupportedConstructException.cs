using System;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Generator.Emit;

/// <summary>Thrown by the emitter for a checked construct it cannot emit code for; reported as VAE9001 at the span.</summary>
internal sealed class UnsupportedConstructException : Exception
{
    public UnsupportedConstructException(SourceSpan span, string what)
        : base($"{what} is not supported by the code generator yet")
    {
        Span = span;
    }

    public SourceSpan Span { get; }
}
