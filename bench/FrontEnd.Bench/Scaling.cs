using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using VaeDsl.Dsl;

namespace VaeDsl.FrontEnd.Bench;

/// <summary>How the front end's time grows with its input: each shape of file that stresses one part of the
/// checks (the parser, name checks, block expansion, …) at 1 KiB to 10 MiB. Linear time shows as a flat
/// time per KiB. Stopwatch timing (the median of a few runs), since a 10 MiB input takes long enough to time.</summary>
public static class Scaling
{
    private static readonly int[] Sizes = { 1 << 10, 10 << 10, 100 << 10, 1 << 20, 10 << 20 };

    /// <summary>Each input: its name, and a function giving an accepted file of about the given number of bytes.</summary>
    public static readonly (string Name, Func<int, string> Create)[] Inputs =
    {
        ("dotted namespace", bytes => "namespace " + string.Join(".", Count(bytes, 6).Select(i => "a" + i)) + "\n" + Model("M")),
        ("latents, each with a prior", bytes => Model("M", latents: Count(bytes, 50))),
        ("hyper-parameters, each used by the next", bytes => Model("M", hypers: Count(bytes, 24))),
        ("layers written out (40,000 a model)", bytes => string.Concat(Count(bytes, 18 * 40_000).Select(i => Model("M" + i, layers: Count(Math.Min(bytes, 18 * 40_000), 18))))),
        ("models", bytes => string.Concat(Count(bytes, 330).Select(i => Model("M" + i)))),
        ("file-level blocks, each used by a model", bytes => string.Concat(Count(bytes, 420).Select(i => $"block b{i} {{ relu }}\n" + Model("M" + i, use: "b" + i)))),
        ("comments and doc comments", bytes => string.Concat(Count(bytes, 60).Select(i => $"/// doc {i} of the model\n// a plain comment {i}\n/* block {i} */\n")) + Model("M")),
    };

    /// <param name="maxSeconds">A series stops after the first size that takes longer.</param>
    /// <param name="only">When given, only the inputs whose name contains it.</param>
    public static void Run(int maxSeconds, string? only = null)
    {
        Console.WriteLine("| input | " + string.Join(" | ", Sizes.Select(Label)) + " |");
        Console.WriteLine("| --- |" + string.Concat(Sizes.Select(_ => " ---: |")));
        foreach (var (name, create) in Inputs.Where(i => only is null || i.Name.Contains(only)))
        {
            var cells = new List<string>();
            var tooSlow = false;
            foreach (var size in Sizes)
            {
                if (tooSlow)
                {
                    cells.Add("–");
                    continue;
                }
                var text = create(size);
                var (median, _) = Time(text);
                cells.Add($"{median.TotalMilliseconds:F1} ms ({median.TotalMilliseconds * 1024 / text.Length:F3}/KiB)");
                tooSlow = median.TotalSeconds > maxSeconds;
            }
            Console.WriteLine($"| {name} | " + string.Join(" | ", cells) + " |");
        }

        // Expansion: a file of a few hundred bytes whose block the encoder and the decoder each expand.
        Console.WriteLine();
        Console.WriteLine("| layers after expansion | " + string.Join(" | ", Expansions.Select(n => $"{2 * n:N0}")) + " |");
        Console.WriteLine("| --- |" + string.Concat(Expansions.Select(_ => " ---: |")));
        var expansionCells = Expansions.Select(n =>
        {
            var (median, layers) = Time(Expanded(n));
            return $"{median.TotalMilliseconds:F1} ms ({median.TotalMilliseconds * 1000 / layers:F2}/1k layers)";
        });
        Console.WriteLine("| a block used by the encoder and the decoder | " + string.Join(" | ", expansionCells) + " |");
    }

    private static readonly int[] Expansions = { 1_000, 10_000, 99_990 };

    private static string Expanded(int layers) =>
        $"block big {{ repeat {layers - 1} {{ relu }} }}\n" + Model("M", use: "big").Replace("decoder { linear(16) }", "decoder { big linear(16) }");

    private static (TimeSpan Median, long Layers) Time(string text)
    {
        var check = VaeCompiler.Compile("scaling.vae", text);
        if (check.Diagnostics.Count != 0 || check.Models.Count == 0)
        {
            throw new InvalidOperationException("A scaling input must check cleanly: " + string.Join("; ", check.Diagnostics.Take(3)));
        }
        var layers = check.Models.Sum(m => (long)m.Encoder.Layers.Count + m.Decoder.Layers.Count);
        var runs = new List<TimeSpan>();
        var total = Stopwatch.StartNew();
        do
        {
            var watch = Stopwatch.StartNew();
            VaeCompiler.Compile("scaling.vae", text);
            runs.Add(watch.Elapsed);
        }
        while (runs.Count < 15 && total.Elapsed.TotalSeconds < 2);
        runs.Sort();
        return (runs[runs.Count / 2], layers);
    }

    private static IEnumerable<int> Count(int bytes, int bytesEach) => Enumerable.Range(0, Math.Max(1, bytes / bytesEach));

    private static string Label(int bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes >> 10} KiB";

    private static string Model(string name, IEnumerable<int>? latents = null, IEnumerable<int>? hypers = null, IEnumerable<int>? layers = null, string? use = null)
    {
        var text = new StringBuilder();
        text.Append("model ").Append(name).Append(" {\n  input x: [16]\n");
        var hyperList = hypers?.ToList();
        if (hyperList is { Count: > 0 })
        {
            text.Append("  hyper h0 = 1");
            foreach (var i in hyperList.Skip(1)) text.Append(",\n    h").Append(i).Append(" = h").Append(i - 1).Append(" + 1");
            text.Append('\n');
        }
        text.Append("  encoder {\n    ").Append(use ?? "relu").Append('\n');
        foreach (var _ in layers ?? Enumerable.Empty<int>()) text.Append("    linear(16) relu\n");
        if (hyperList is { Count: > 0 }) text.Append("    linear(h").Append(hyperList.Count - 1).Append(")\n");
        text.Append("  }\n");
        var latentList = latents?.ToList() ?? new List<int> { 0 };
        foreach (var i in latentList) text.Append("  latent z").Append(i).Append(" ~ Normal(2)\n  prior z").Append(i).Append(" ~ StandardNormal\n");
        text.Append("  decoder { linear(16) }\n  likelihood Bernoulli\n  loss = recon + kl\n}\n");
        return text.ToString();
    }
}
