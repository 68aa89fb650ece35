using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VaeDsl.Testing;

namespace VaeDsl.Package.Tests.Infrastructure;

/// <summary>
/// The code blocks of the repository README's "Install in your project" section, as a user copies them: the shell
/// commands that make a project and add the package, the model file and the program.
/// </summary>
internal sealed class ReadmeInstall
{
    /// <summary>The placeholder of the commands for the folder that scripts/pack.sh writes the packages to.</summary>
    public const string PackagesFolder = "/path/to/VaeDsl/artifacts/packages";

    /// <summary>The version the commands pack and add.</summary>
    public const string PackageVersion = "0.1.0";

    private const string Heading = "## Install in your project";

    private ReadmeInstall(string commands, string model, string program)
    {
        Commands = commands;
        Model = model;
        Program = program;
    }

    /// <summary>The block of shell commands that makes the project and adds VaeDsl.</summary>
    public string Commands { get; }

    /// <summary>The block introduced as <c>Models/Tiny.vae</c>.</summary>
    public string Model { get; }

    /// <summary>The block introduced as <c>Program.cs</c>.</summary>
    public string Program { get; }

    public static ReadmeInstall Read()
    {
        var path = RepositoryRoot.File("README.md");
        var lines = File.ReadAllLines(path);
        var start = Array.IndexOf(lines, Heading);
        if (start < 0) throw new InvalidOperationException($"'{path}' has no line '{Heading}'.");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var blocks = Blocks(lines[(start + 1)..(end < 0 ? lines.Length : end)]);

        string Find(string what, Func<(string Lead, string Code), bool> match) =>
            blocks.Where(match).Select(b => b.Code).SingleOrDefault()
            ?? throw new InvalidOperationException($"the README's install section has no single code block with {what}.");

        return new ReadmeInstall(
            Find("'dotnet add package VaeDsl'", b => b.Code.Contains("dotnet add package VaeDsl", StringComparison.Ordinal)),
            Find("the lead '`Models/Tiny.vae`:'", b => b.Lead.EndsWith("`Models/Tiny.vae`:", StringComparison.Ordinal)),
            Find("the lead '`Program.cs`:'", b => b.Lead.EndsWith("`Program.cs`:", StringComparison.Ordinal)));
    }

    /// <summary>The commands with the packages folder and version of <paramref name="feed"/> in place of the README's.</summary>
    public string CommandsFor(PackedFeed feed)
    {
        foreach (var placeholder in new[] { PackagesFolder, $"--version {PackageVersion}" })
        {
            if (!Commands.Contains(placeholder, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the README's install commands no longer contain '{placeholder}':\n{Commands}");
            }
        }
        return Commands
            .Replace(PackagesFolder, feed.FeedDirectory, StringComparison.Ordinal)
            .Replace($"--version {PackageVersion}", $"--version {feed.Version}", StringComparison.Ordinal);
    }

    // Each fenced block with the last non-empty line before it (the sentence that introduces it).
    private static List<(string Lead, string Code)> Blocks(string[] lines)
    {
        var blocks = new List<(string, string)>();
        var lead = string.Empty;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                if (lines[i].Trim().Length > 0) lead = lines[i].Trim();
                continue;
            }
            var close = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            if (close < 0) throw new InvalidOperationException("the README's install section has an unclosed code block.");
            blocks.Add((lead, string.Join("\n", lines[(i + 1)..close]) + "\n"));
            lead = string.Empty;
            i = close;
        }
        return blocks;
    }
}
