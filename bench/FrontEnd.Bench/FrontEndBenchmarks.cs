using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Model;

namespace VaeDsl.FrontEnd.Bench;

/// <summary>Parsing and checking time of the front end, the work the generator repeats on every edit.</summary>
[MemoryDiagnoser]
public class FrontEndBenchmarks
{
    private string largeModel = "";
    private string tour = "";

    [GlobalSetup]
    public void Setup()
    {
        largeModel = LargeModel.Source();
        var check = VaeCompiler.Compile("deep.vae", largeModel);
        if (check.Diagnostics.Count != 0 || check.Models.Count != 1 || check.Models[0].Encoder.Layers.Count + check.Models[0].Decoder.Layers.Count != 200)
        {
            throw new InvalidOperationException("The benchmark model must check cleanly with 200 layers.");
        }
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vae.dsl"))) directory = directory.Parent;
        tour = directory is null ? largeModel : File.ReadAllText(Path.Combine(directory.FullName, "Vae.dsl"));
    }

    [Benchmark(Description = "parse + check, 200-layer model")]
    public CheckedFile TwoHundredLayers() => VaeCompiler.Compile("deep.vae", largeModel);

    [Benchmark(Description = "parse + check, Vae.dsl tour (5 models)")]
    public CheckedFile Tour() => VaeCompiler.Compile("Vae.dsl", tour);
}
