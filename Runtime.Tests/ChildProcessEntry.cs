using System;
using VaeDsl.Runtime.Tests.Training;

namespace VaeDsl.Runtime.Tests;

/// <summary>
/// The entry point of the test assembly when it is started as a program (<c>dotnet Runtime.Tests.dll MODE …</c>) by
/// a test that needs a separate process; under the test runner it is never called.
/// </summary>
internal static class ChildProcessEntry
{
    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == KilledTrainingChild.Mode)
        {
            return KilledTrainingChild.Run(args[1], args[2], args[3]);
        }

        Console.Error.WriteLine($"usage: Runtime.Tests.dll {KilledTrainingChild.Mode} CHECKPOINT OUTPUT-DIRECTORY KILL-POINT");
        return 2;
    }
}
