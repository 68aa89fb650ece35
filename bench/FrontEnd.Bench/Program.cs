using BenchmarkDotNet.Running;
using VaeDsl.FrontEnd.Bench;

// dotnet run -c Release --project bench/FrontEnd.Bench -- --filter '*' --job short
// dotnet run -c Release --project bench/FrontEnd.Bench -- --scaling [seconds [input]]   (time against size, 1 KiB to 10 MiB)
if (args.Length > 0 && args[0] == "--scaling")
{
    Scaling.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30, args.Length > 2 ? args[2] : null);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(FrontEndBenchmarks).Assembly).Run(args);
