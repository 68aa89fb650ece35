using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace VaeDsl.Testing;

/// <summary>Runs dotnet, programs and scripts the way a user's shell does, with a guard against hangs. Linked into
/// every test project by Directory.Build.targets.</summary>
internal static class ProcessRunner
{
    // A guard against a hung build, not a performance expectation.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    // Set by `dotnet test` for its own MSBuild; a child dotnet must find its SDK by itself, as in a user's shell.
    private static readonly string[] InheritedMsBuildVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"];

    /// <summary>Runs the command to its end; <paramref name="environment"/> sets (or, with a null value, removes)
    /// variables of its environment.</summary>
    public static ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in InheritedMsBuildVariables)
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild worker nodes outlive the command.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var commandLine = fileName + " " + string.Join(" ", arguments);
        var output = new StringBuilder();
        var standardOutput = new StringBuilder();
        var standardError = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, standardOutput, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, standardError, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"'{commandLine}' did not finish within {Limit.TotalMinutes} minutes:\n{output}");
        }
        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(commandLine, process.ExitCode, output.ToString())
            {
                StandardOutput = standardOutput.ToString(),
                StandardError = standardError.ToString(),
            };
        }
    }

    private static void Append(StringBuilder output, StringBuilder stream, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
            stream.AppendLine(line);
        }
    }
}
