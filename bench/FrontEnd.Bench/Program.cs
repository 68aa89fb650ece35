using BenchmarkDotNet.Running;
using VaeDsl.FrontEnd.Bench;

// dotnet run -c Release --project bench/FrontEnd.Bench -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(FrontEndBenchmarks).Assembly).Run(args);
