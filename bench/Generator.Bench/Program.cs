using BenchmarkDotNet.Running;
using VaeDsl.Generator.Bench;

// dotnet run -c Release --project bench/Generator.Bench -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks).Assembly).Run(args);
