using System;

namespace VaeDsl.Runtime.Training;

/// <summary>A run asked for a device this process cannot use (<c>cuda</c> without a CUDA build of libtorch or a GPU,
/// <c>cuda:3</c> on a machine with two); the message is one line saying what to install or which devices there are.</summary>
public sealed class DeviceUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="device"/> with its one-line <paramref name="message"/>.</summary>
    public DeviceUnavailableException(string device, string message) : base(message)
    {
        Device = device;
    }

    /// <summary>The device setting that was asked for, as written.</summary>
    public string Device { get; }
}
