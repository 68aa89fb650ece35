using System.Linq;

namespace VaeDsl.Dsl.Model;

/// <summary>The shape of one example (no batch dimension), e.g. [1, 28, 28].</summary>
public sealed record Shape(EquatableArray<long> Dims)
{
    public static Shape Of(params long[] dims) => new(dims.ToEquatableArray());

    public int Rank => Dims.Count;

    public long ElementCount => Dims.Aggregate(1L, (product, dim) => product * dim);

    public override string ToString() => "[" + string.Join(", ", Dims) + "]";
}
