using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using VaeDsl.Runtime;
using VaeDsl.Testing;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeDsl.PyTorchExport.Tests;

/// <summary>
/// Each sequence layer of the Runtime against PyTorch's own module written by hand (not the export's twin): from the
/// same seed both draw the same initial weights, and with the same weights PyTorch's module loads the TorchSharp
/// state_dict as it is and computes the same output for the same input, to 1e-5.
/// </summary>
public sealed class SequenceLayerTests : IDisposable
{
    private const long Batch = 3;
    private readonly TemporaryFolder folder = new();
    private readonly ITestOutputHelper output;

    public SequenceLayerTests(ITestOutputHelper output) => this.output = output;

    public void Dispose() => folder.Dispose();

    /// <summary>A layer: its input shape, the TorchSharp stack, and the PyTorch module (Python) that should equal it.</summary>
    private sealed record Case(string Name, long[] Shape, Func<LayerStack, LayerStack> Layer, string PyTorch);

    private static readonly Case[] Cases =
    {
        new("lstm, 2 layers, bidirectional, last state", new long[] { 6, 3 }, s => s.Lstm(5, layers: 2, bidirectional: true, output: "last"),
            "Final(nn.LSTM(3, 5, num_layers=2, batch_first=True, bidirectional=True))"),
        new("lstm, sequence", new long[] { 6, 3 }, s => s.Lstm(4), "Whole(nn.LSTM(3, 4, batch_first=True))"),
        new("gru, 2 layers, sequence", new long[] { 6, 3 }, s => s.Gru(5, layers: 2), "Whole(nn.GRU(3, 5, num_layers=2, batch_first=True))"),
        new("gru, last state", new long[] { 6, 3 }, s => s.Gru(4, output: "last"), "Final(nn.GRU(3, 4, batch_first=True))"),
        new("self_attention", new long[] { 7, 8 }, s => s.SelfAttention(2), "Attention(8, 2, causal=False)"),
        new("self_attention, causal", new long[] { 7, 8 }, s => s.SelfAttention(4, causal: true), "Attention(8, 4, causal=True)"),
        new("transformer, post-norm (PyTorch's default)", new long[] { 7, 8 }, s => s.Transformer(2, 16),
            "nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)"),
        new("transformer, pre-norm, causal", new long[] { 7, 8 }, s => s.Transformer(4, 12, dropout: 0.2, norm: "pre", causal: true),
            "Causal(8, 4, 12, dropout=0.2, batch_first=True, norm_first=True)"),
        new("positional, learned", new long[] { 7, 8 }, s => s.Positional(), "Table(7, 8)"),
        new("pixel_shuffle", new long[] { 8, 3, 2 }, s => s.PixelShuffle(2), "nn.PixelShuffle(2)"),
    };

    private const string Script = """
        import json
        import sys

        import torch
        from torch import nn


        class Whole(nn.Module):
            def __init__(self, rnn):
                super().__init__()
                self.rnn = rnn

            def forward(self, x):
                return self.rnn(x)[0]


        class Final(Whole):
            def forward(self, x):
                _, h = self.rnn(x)
                h = h[0] if isinstance(h, tuple) else h
                return torch.cat([h[-2], h[-1]], 1) if self.rnn.bidirectional else h[-1]


        class Attention(nn.Module):
            def __init__(self, embedding, heads, causal):
                super().__init__()
                self.attention = nn.MultiheadAttention(embedding, heads, batch_first=True)
                self.causal = causal

            def forward(self, x):
                mask = torch.ones(x.shape[1], x.shape[1], dtype=torch.bool).triu(1) if self.causal else None
                return self.attention(x, x, x, attn_mask=mask)[0]


        class Causal(nn.TransformerEncoderLayer):
            def forward(self, x):
                return super().forward(x, src_mask=torch.ones(x.shape[1], x.shape[1], dtype=torch.bool).triu(1))


        class Table(nn.Module):
            def __init__(self, length, embedding):
                super().__init__()
                self.weight = nn.Parameter(torch.empty(length, embedding))
                nn.init.normal_(self.weight, std=0.02)

            def forward(self, x):
                return x + self.weight


        results = {}
        for case in json.load(open(sys.argv[1], encoding="utf-8")):
            torch.manual_seed(5)
            module = nn.Sequential(eval(case["module"]))
            saved = torch.load(case["weights"])
            init = max([(saved[k] - v).abs().max().item() for k, v in module.state_dict().items()], default=0.0)
            module.load_state_dict(saved)
            module.eval()
            torch.manual_seed(6)
            x = torch.randn(3, *case["shape"])
            with torch.no_grad():
                results[case["name"]] = {"init": init, "output": module(x).flatten().tolist()}
        json.dump(results, sys.stdout)
        """;

    [Fact]
    public void Each_sequence_layer_draws_loads_and_computes_what_PyTorchs_module_does()
    {
        var outputs = new Dictionary<string, double[]>();
        var cases = new List<object>();
        for (var i = 0; i < Cases.Length; i++)
        {
            var c = Cases[i];
            Seeding.Set(5);
            using var module = c.Layer(new LayerStack(c.Shape)).Build();
            var weights = Path.Combine(folder.Path, $"case{i}.pt");
            PyTorchWeights.Save(module, weights);
            module.eval();
            Seeding.Set(6);
            using (no_grad())
            {
                outputs[c.Name] = module.call(randn(new[] { Batch }.Concat(c.Shape).ToArray())).flatten().to_type(ScalarType.Float64).data<double>().ToArray();
            }
            cases.Add(new { name = c.Name, module = c.PyTorch, weights, shape = c.Shape });
        }
        var script = Path.Combine(folder.Path, "layers.py");
        File.WriteAllText(script, Script);
        File.WriteAllText(Path.Combine(folder.Path, "cases.json"), JsonSerializer.Serialize(cases));

        var run = Python.Run(folder.Path, script, Path.Combine(folder.Path, "cases.json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var results = JsonDocument.Parse(run.StandardOutput);
        var problems = new List<string>();
        foreach (var c in Cases)
        {
            var result = results.RootElement.GetProperty(c.Name);
            var theirs = result.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var init = result.GetProperty("init").GetDouble();
            var largest = theirs.Length == outputs[c.Name].Length ? outputs[c.Name].Zip(theirs, (a, b) => Math.Abs(a - b)).Max() : double.PositiveInfinity;
            output.WriteLine($"{c.Name}: initial weights differ by {init:E2}, outputs ({theirs.Length} values) by {largest:E2}");
            if (init > 1e-6 || largest > 1e-5) problems.Add($"{c.Name}: initial weights differ by {init}, outputs by {largest}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
