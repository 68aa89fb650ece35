using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using VaeDsl.FrontEnd.Bench;
using VaeDsl.LanguageServer.Tests;

// Each figure is the time from sending a message until its answer arrives, measured by the client as an
// editor would see it: didChange to publishDiagnostics on the 200-layer model, hover and completion on it,
// and vae check on Vae.dsl including the process start.
const int Warmup = 20;
const int Runs = 200;
var text = LargeModel.Source(200);
var lines = text.Split('\n');
var middle = Array.FindIndex(lines, l => l.Contains("linear(", StringComparison.Ordinal)) + 50;
var layerColumn = lines[middle].IndexOf("linear", StringComparison.Ordinal) + 2;

await using var client = await LspClient.StartAsync();
var uri = LspClient.UriOf("deep.vae");
var opened = await client.OpenAsync(uri, text);
if (opened.GetArrayLength() != 0) throw new InvalidOperationException("the 200-layer model should have no diagnostics");

var change = new List<double>();
for (var version = 2; version < 2 + Warmup + Runs; version++)
{
    // Every change is a new text (a comment with the version), so nothing could be answered from a cache.
    var edited = text + "// edit " + version + "\n";
    var watch = Stopwatch.StartNew();
    await client.ChangeAsync(uri, edited, version);
    if (version >= 2 + Warmup) change.Add(watch.Elapsed.TotalMilliseconds);
}

var hover = await Time(() => client.AtAsync("textDocument/hover", uri, (middle, layerColumn)));
var completion = await Time(() => client.AtAsync("textDocument/completion", uri, (middle, 0)));

// The command as Cli/ builds it, with its precompiled assemblies (the copy beside this program has the plain IL of
// the assemblies it references), in this program's configuration.
var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
var vae = Path.Combine(FindRepository(), "Cli", "bin", configuration, "net10.0", "vae");
var tour = Path.Combine(FindRepository(), "Vae.dsl");
var check = new List<double>();
for (var run = 0; run < 3 + 20; run++)
{
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(new ProcessStartInfo(vae, new[] { "check", tour }) { RedirectStandardOutput = true, UseShellExecute = false })!;
    await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException("vae check failed on Vae.dsl");
    if (run >= 3) check.Add(watch.Elapsed.TotalMilliseconds);
}

Console.WriteLine($"{"measurement",-48} {"median",9} {"p90",9}   runs");
Report("didChange -> publishDiagnostics, 200 layers", change);
Report("hover on a layer, 200 layers", hover);
Report("completion in a layer list, 200 layers", completion);
Report("vae check Vae.dsl (process start included)", check);
Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {Environment.ProcessorCount} cores");
Console.WriteLine(await client.ShutdownAsync() == 0 ? "server shut down cleanly" : "server exit code was not 0");

async Task<List<double>> Time(Func<Task> request)
{
    var times = new List<double>();
    for (var run = 0; run < Warmup + Runs; run++)
    {
        var watch = Stopwatch.StartNew();
        await request();
        if (run >= Warmup) times.Add(watch.Elapsed.TotalMilliseconds);
    }
    return times;
}

static void Report(string name, List<double> times)
{
    var sorted = times.OrderBy(t => t).ToList();
    Console.WriteLine($"{name,-48} {sorted[sorted.Count / 2],7:F2}ms {sorted[(int)(sorted.Count * 0.9)],7:F2}ms   {sorted.Count}");
}

static string FindRepository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Dsl.sln"))) return folder.FullName;
    }
    throw new InvalidOperationException("no Dsl.sln above " + AppContext.BaseDirectory);
}
