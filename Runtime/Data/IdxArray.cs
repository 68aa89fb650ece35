namespace VaeDsl.Runtime.Data
{
    /// <summary>The content of an unsigned-byte IDX file: its dimensions (outermost first) and its bytes in row-major order.</summary>
    /// <param name="Shape">Dimension sizes as declared in the header, e.g. [N, 28, 28] for MNIST images.</param>
    /// <param name="Data">The elements, exactly the product of <paramref name="Shape"/> bytes.</param>
    public sealed record IdxArray(int[] Shape, byte[] Data);
}
