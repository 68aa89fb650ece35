using System.Collections.Generic;

namespace VaeDsl.Runtime.Tests.Data
{
    /// <summary>Builds IDX file contents by hand (big-endian header, then the elements), independently of the reader.</summary>
    internal static class IdxBytes
    {
        public static byte[] UnsignedBytes(int[] shape, byte[] elements) => WithMagic(0x08, shape, elements);

        public static byte[] WithMagic(byte type, int[] shape, byte[] elements)
        {
            var bytes = new List<byte> { 0, 0, type, (byte)shape.Length };
            foreach (int size in shape)
            {
                bytes.Add((byte)(size >> 24));
                bytes.Add((byte)(size >> 16));
                bytes.Add((byte)(size >> 8));
                bytes.Add((byte)size);
            }

            bytes.AddRange(elements);
            return bytes.ToArray();
        }

        public static byte[] Sequence(int count)
        {
            var elements = new byte[count];
            for (int i = 0; i < count; i++)
            {
                elements[i] = (byte)(i * 7 % 256);
            }

            return elements;
        }
    }
}
