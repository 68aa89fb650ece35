using System;

namespace VaeDsl.Runtime;

/// <summary>
/// A layer cannot be applied to the shape it receives, for example after an architecture hyper-parameter was
/// overridden in C# with a value the compile-time checker never saw.
/// </summary>
public sealed class ModelShapeException : ArgumentException
{
    /// <summary>Creates the exception with a message naming the layer and the shapes involved.</summary>
    public ModelShapeException(string message) : base(message)
    {
    }
}
