using System;
using System.IO;
using VaeDsl.Bench.Throughput;
using VaeDsl.Runtime.Data;

// Training speed (generated vs hand-written TorchSharp vs PyTorch) and memory stability of long runs.
var settings = BenchmarkSettings.Parse(args);
if (settings is null)
{
    return 2;
}

TensorDataSet train, test;
try
{
    var (trainImages, trainLabels) = Mnist.Load(settings.DataDirectory, "train");
    var (testImages, testLabels) = Mnist.Load(settings.DataDirectory, "test");
    train = new TensorDataSet(trainImages, trainLabels);
    test = new TensorDataSet(testImages, testLabels);
}
catch (Exception exception) when (exception is IOException or IdxFormatException)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}

if (settings.TrainLimit is { } limit)
{
    train = train.Take(limit);
}

if (settings.Mode == "serve")
{
    return HandWrittenServer.Run(settings, train);
}

if (settings.Mode == "loglik")
{
    return LogLikelihoodBenchmark.Run(settings, train, test);
}

if (settings.Mode == "memory")
{
    return MemoryBenchmark.Run(settings, train, test);
}

if (settings.PyTorch && settings.TrainLimit is not null)
{
    Console.Error.WriteLine("error: --train-limit cannot be used with the PyTorch runs (they train on the whole file); add --no-pytorch");
    return 2;
}

new SpeedBenchmark(settings, train).Run();
return 0;
