using System;
using System.IO;
using VaeDsl.Runtime.Data;

namespace VaeDsl.Examples.Tests;

/// <summary>The MNIST digits shipped in the repository's data/mnist folder.</summary>
internal static class RepoData
{
    public static string MnistDirectory { get; } = Path.Combine(FindRoot(), "data", "mnist");

    public static TensorDataSet Mnist(string split)
    {
        var (images, labels) = VaeDsl.Runtime.Data.Mnist.Load(MnistDirectory, split);
        return new TensorDataSet(images, labels);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
    }
}
