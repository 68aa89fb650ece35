namespace VaeDsl.Bench.Throughput;

/// <summary>Who wrote the training code being timed.</summary>
internal enum Implementation
{
    Generated,
    HandWritten,
    PyTorch,
}
