using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SequenceVaeExample;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Layers;
using VaeDsl.Runtime.Runs;
using static TorchSharp.torch;

// Trains the word VAE of SequenceVae.vae on the words of Debian's wamerican list shipped in data/words (a fixed-seed
// 90/10 split), then prints and writes to words.txt: the test set's reconstruction and KL terms, reconstructions of
// test words, words decoded from prior samples, and the words along straight lines between two words' codes (the
// homotopies of Bowman et al., 2016). Decoding is greedy, letter by letter.
const int Shown = 10;
string[][] homotopies = { new[] { "kitchen", "plastic" }, new[] { "sunny", "vortex" } };

var usage = new RunUsage("SequenceVae",
    "trains the word VAE of SequenceVae.vae on 51,607 English words (teacher forcing, word dropout, KL warm-up) and writes metrics.*, model.weights and words.txt (reconstructions, samples, homotopies) to the output folder.")
{
    DataDirectory = Path.Combine(AppContext.BaseDirectory, "data", "words"),
    Invocation = "dotnet run -c Release --project Examples/SequenceVae --",
    DataFiles = "train.txt and test.txt, one word of 1 to 11 letters a–z a line",
    Epochs = $"{new WordVaeOptions().Train.Epochs}, from SequenceVae.vae",
    Seed = $"{new WordVaeOptions().Train.Seed}, from SequenceVae.vae",
    LogLikelihoodExamples = "1000",
};

return TrainingRun.Execute(args, usage, commandLine =>
{
    var train = new TensorDataSet(WordTokens.Read(Path.Combine(commandLine.DataDirectory, "train.txt")));
    var test = new TensorDataSet(WordTokens.Read(Path.Combine(commandLine.DataDirectory, "test.txt")));
    if (commandLine.TrainLimit is { } limit) train = train.Take(limit);

    var defaults = new WordVaeOptions();
    var options = defaults with { Train = defaults.Train with { Epochs = commandLine.Epochs ?? defaults.Train.Epochs, Seed = commandLine.Seed ?? defaults.Train.Seed } };
    Seeding.Set(options.Train.Seed);
    var model = new WordVae(options);
    var setup = new TrainingRun.Setup(model, options.Train with { OutputDirectory = commandLine.OutputDirectory }) { LogLikelihoodExamples = 1000 };
    var report = TrainingRun.TrainAndReport("WordVae", TrainingRun.WithCommandLine(setup, commandLine), train, test, commandLine.OutputDirectory);

    var lines = new List<string>();
    void Say(string line)
    {
        Console.WriteLine(line);
        lines.Add(line);
    }

    model.eval();
    using (no_grad())
    {
        Seeding.Set(options.Train.Seed);
        var loss = model.Loss(test.Inputs, TrainingProgress.Evaluation);
        // Tokens that carry a word: its letters and the end token (the padding after it is not counted).
        var tokens = test.Inputs.ne(WordTokens.End).sum().item<long>() + test.Count;
        var recon = loss.Recon.item<float>();
        Say($"test set ({test.Count:N0} words, {tokens / (double)test.Count:F2} tokens a word with the end): recon {recon:F3} nats a word, kl {loss.Kl.item<float>():F3} nats a word");
        if (report.TestLogLikelihood is { } logLikelihood)
        {
            var measured = Math.Min(commandLine.LogLikelihoodExamples ?? 1000, test.Count);
            var measuredTokens = test.Inputs.narrow(0, 0, measured).ne(WordTokens.End).sum().item<long>() + measured;
            Say($"test NLL ≈ {-logLikelihood:F3} nats a word, {-logLikelihood * measured / measuredTokens:F3} nats a token (first {measured:N0} test words, k = {commandLine.LogLikelihoodSamples ?? 100})");
        }

        var words = test.Inputs.narrow(0, 0, Shown);
        var originals = WordTokens.DecodeAll(words);
        var reconstructed = WordTokens.DecodeAll(model.Reconstruct(words));
        Say("reconstructions of test words (posterior mean, greedy):");
        for (var i = 0; i < Shown; i++) Say($"  {originals[i],-12} → {reconstructed[i]}");

        Seeding.Set(options.Train.Seed + 1);
        Say("samples (z from the prior, greedy):");
        Say("  " + string.Join(" ", WordTokens.DecodeAll(model.Sample(2 * Shown))));

        Say("homotopies (z along the line between two words' posterior means):");
        foreach (var pair in homotopies)
        {
            var ends = model.PosteriorMean(tensor(pair.SelectMany(WordTokens.Encode).ToArray(), new long[] { 2, WordTokens.Length }))!;
            var steps = linspace(0, 1, 7).unsqueeze(1);
            var codes = ends[0] * (1 - steps) + ends[1] * steps;
            Say("  " + string.Join(" → ", WordTokens.DecodeAll(TokenDecoding.Greedy(codes, WordTokens.Length, previous => model.Decode(codes, previous)))));
        }
    }

    var written = Path.Combine(commandLine.OutputDirectory, "words.txt");
    File.WriteAllLines(written, lines);
    Console.WriteLine($"Wrote {written}");
    return 0;
});
