namespace VaeDsl.Bench.Throughput;

/// <summary>The two example architectures.</summary>
internal enum ModelKind
{
    Mlp,
    Conv,
}
