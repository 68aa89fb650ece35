using VaeDsl.Runtime.Data;
using VaeDsl.Testing;

namespace VaeDsl.Examples.Tests;

/// <summary>The MNIST digits shipped in the repository's data/mnist folder.</summary>
internal static class RepoData
{
    public static TensorDataSet Mnist(string split)
    {
        var (images, labels) = VaeDsl.Runtime.Data.Mnist.Load(RepositoryRoot.File("data", "mnist"), split);
        return new TensorDataSet(images, labels);
    }
}
