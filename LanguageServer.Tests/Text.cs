using System;
using System.IO;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

internal static class Text
{
    public static string Tour { get; } = File.ReadAllText(RepositoryRoot.File("Vae.dsl"));

    public static string MnistConv { get; } = File.ReadAllText(RepositoryRoot.File("Examples", "MnistConv", "MnistConv.vae"));

    /// <summary>The protocol position of the <paramref name="skip"/>-th <paramref name="marker"/> plus <paramref name="shift"/> characters.</summary>
    public static (int Line, int Character) At(string text, string marker, int shift = 0, int skip = 0)
    {
        var index = -1;
        for (var i = 0; i <= skip; i++) index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' not found");
        index += shift;
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return (line, index - lineStart);
    }
}
