using System.Collections.Generic;

namespace VaeDsl.Runtime.Layers;

/// <summary>Formats shapes the way messages and the language print them: <c>[1, 28, 28]</c>.</summary>
internal static class ShapeText
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
