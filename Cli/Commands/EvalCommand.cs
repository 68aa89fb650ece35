using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using VaeDsl.Cli.Training;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Data;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Cli.Commands;

/// <summary>
/// <c>vae eval FILE [--model M] --weights W --data DIR [--seed S] [--reference DLL]</c>: the test loss of the generated C# model loaded
/// from weights (VaeDsl's, safetensors or a PyTorch state_dict, such as the exported model's train.py writes), in
/// nats per example, with the noise of the seed: what train.py prints as <c>test_loss</c> for the same weights.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A .vae file" };
        var model = new Option<string?>("--model") { Description = "The model to evaluate, for a file that declares several" };
        var weights = new Option<string>("--weights") { Description = "model.weights, a .safetensors file or a PyTorch state_dict (.pt)", Required = true };
        var data = new Option<string>("--data") { Description = "A data folder: MNIST's IDX files, .npz, .npy or image folders", Required = true };
        var seed = new Option<long?>("--seed") { Description = "Seed of the evaluation's noise (default: train.seed of the .vae file)" };
        var reference = new Option<string?>("--reference") { Description = "The assembly that defines the file's custom layer types (several separated by ':')" };
        var command = new Command("eval", "Print the test loss (test_loss: X, nats per example) of a model loaded from weights.") { file, model, weights, data, seed, reference };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(model), result.GetValue(weights)!, result.GetValue(data)!, result.GetValue(seed),
            result.GetValue(reference)?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) ?? []));
        return command;
    }

    public static int Run(string path, string? modelName, string weights, string data, long? seed, string[] references)
    {
        var built = GeneratedModels.Load(path, Console.Error, references);
        if (built is null) return 1;

        try
        {
            var setup = TrainCommand.Choose(built, path, modelName).Create(epochs: null, seed, Directory.GetCurrentDirectory());
            var model = setup.Model;
            model.LoadWeights(weights);
            var contents = DataFolder.Load(data, new DataFolderOptions { InputShape = model.InputShape, NeedsLabels = model.UsesCondition });
            // Seeded as train.py seeds its last evaluation, so both sides draw the same noise for the same weights.
            Seeding.Set(setup.Training.Seed);
            var result = new Trainer(model, setup.Training with { OutputDirectory = null }).Evaluate(contents.Test);
            Console.WriteLine($"test_loss: {result.Loss.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)}");
            foreach (var (term, value) in result.Terms)
            {
                Console.WriteLine($"test_{term}: {value.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)}");
            }
            return 0;
        }
        catch (FormatException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 2;
        }
        catch (Exception exception) when (exception is IOException or DataSetMismatchException or NonFiniteEvaluationException or ModelShapeException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 1;
        }
    }
}
