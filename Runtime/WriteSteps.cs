using System;

namespace VaeDsl.Runtime;

/// <summary>
/// Named steps of every file write (a temporary written, a rename done, a metrics row appended). A test sets
/// <see cref="Observer"/> in a child process to stop it at one exact step and kill it there; it is null otherwise.
/// </summary>
internal static class WriteSteps
{
    public static Action<string>? Observer { get; set; }

    public static void Reached(string step) => Observer?.Invoke(step);
}
