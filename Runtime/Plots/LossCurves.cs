using System;
using System.Linq;
using ScottPlot;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Runtime.Plots;

/// <summary>A PNG line chart of the training and test loss of each epoch of a run.</summary>
public static class LossCurves
{
    /// <summary>Writes the chart of <paramref name="history"/> to <paramref name="path"/> as a PNG of the given size.</summary>
    /// <exception cref="ArgumentException">The history is empty or a loss is not finite.</exception>
    public static void Save(string path, TrainingHistory history, int width = 800, int height = 500)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(history);
        PlotFile.CheckSize(width, height);
        if (history.Count == 0)
        {
            throw new ArgumentException("the training history has no epochs to plot", nameof(history));
        }

        var epochs = history.Select(m => (double)m.Epoch).ToArray();
        var train = history.Select(m => m.TrainLoss).ToArray();
        if (train.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("the training history contains a non-finite training loss", nameof(history));
        }

        var plot = new Plot();
        var trainLine = plot.Add.Scatter(epochs, train);
        trainLine.LegendText = "train";

        var tested = history.Where(m => m.TestLoss is double loss && double.IsFinite(loss)).ToArray();
        if (tested.Length > 0)
        {
            var testLine = plot.Add.Scatter(tested.Select(m => (double)m.Epoch).ToArray(), tested.Select(m => m.TestLoss!.Value).ToArray());
            testLine.LegendText = "test";
        }

        plot.Title("Loss per epoch");
        plot.XLabel("epoch");
        plot.YLabel("loss (nats per example)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Font.Set(PlotFont.Register());
        PlotFile.SavePng(plot, path, width, height);
    }
}
