using System;

namespace VaeDsl.Runtime.Numerics;

/// <summary>Constants of the normal density.</summary>
internal static class LogConstants
{
    /// <summary>log(2π).</summary>
    public static readonly double LogTwoPi = Math.Log(2 * Math.PI);
}
