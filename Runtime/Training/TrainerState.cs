using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace VaeDsl.Runtime.Training;

/// <summary>
/// What a trainer knows about its run beyond the weights, optimiser and generator: the epochs done, early stopping's
/// best loss and count, and the metrics of every epoch so far (so a kill before the metrics files are appended loses
/// no row, and the loss curves of a resumed run show the whole run). Stored in every checkpoint.
/// </summary>
internal sealed record TrainerState(int CompletedEpochs, bool StoppedEarly, double BestLoss, int EpochsWithoutImprovement, IReadOnlyList<EpochMetrics> Metrics)
{
    private const int MaxTerms = 10_000;

    public static TrainerState Fresh { get; } = new(0, false, double.PositiveInfinity, 0, Array.Empty<EpochMetrics>());

    public void Write(BinaryWriter writer)
    {
        writer.Write(CompletedEpochs);
        writer.Write(StoppedEarly);
        writer.Write(BestLoss);
        writer.Write(EpochsWithoutImprovement);
        writer.Write(Metrics.Count);
        foreach (var m in Metrics)
        {
            writer.Write(m.Epoch);
            writer.Write(m.TrainLoss);
            WriteOptional(writer, m.TestLoss);
            WriteTerms(writer, m.TrainTerms);
            writer.Write(m.TestTerms is not null);
            if (m.TestTerms is not null)
            {
                WriteTerms(writer, m.TestTerms);
            }

            writer.Write(m.Seconds);
            WriteOptional(writer, m.ValidationLoss);
            writer.Write(m.ResidentBytes is not null);
            writer.Write(m.ResidentBytes ?? 0);
            WriteTerms(writer, m.Statistics);
            WriteTerms(writer, m.TestStatistics);
        }
    }

    /// <summary>Reads a state and checks that its fields agree with each other; <paramref name="damaged"/> makes the
    /// error for a field that does not.</summary>
    public static TrainerState Read(BinaryReader reader, Func<string, Exception> damaged)
    {
        var completed = reader.ReadInt32();
        var stoppedEarly = reader.ReadBoolean();
        var best = reader.ReadDouble();
        var withoutImprovement = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (completed < 0)
        {
            throw damaged($"it records {completed} completed epochs");
        }

        if (count != completed)
        {
            throw damaged($"it records {completed} completed epochs but the metrics of {count}");
        }

        if (double.IsNaN(best) || withoutImprovement < 0 || withoutImprovement > completed)
        {
            throw damaged($"its early-stopping state (best loss {best}, {withoutImprovement} epochs without improvement) does not fit {completed} epochs");
        }

        var metrics = new List<EpochMetrics>(count);
        for (var i = 0; i < count; i++)
        {
            var epoch = reader.ReadInt32();
            if (epoch != i + 1)
            {
                throw damaged($"its metrics row {i + 1} is of epoch {epoch}");
            }

            var trainLoss = reader.ReadDouble();
            var testLoss = ReadOptional(reader);
            var trainTerms = ReadTerms(reader, damaged);
            var testTerms = reader.ReadBoolean() ? ReadTerms(reader, damaged) : null;
            var seconds = reader.ReadDouble();
            var validationLoss = ReadOptional(reader);
            var hasResident = reader.ReadBoolean();
            var resident = reader.ReadInt64();
            var statistics = ReadTerms(reader, damaged);
            var testStatistics = ReadTerms(reader, damaged);
            if (!double.IsFinite(trainLoss) || !(seconds >= 0) || double.IsInfinity(seconds) || resident < 0)
            {
                throw damaged($"its metrics of epoch {epoch} are out of range (train loss {trainLoss}, {seconds} s, {resident} bytes)");
            }

            metrics.Add(new EpochMetrics(epoch, trainLoss, testLoss, trainTerms, testTerms, seconds, validationLoss)
            {
                ResidentBytes = hasResident ? resident : null,
                Statistics = statistics,
                TestStatistics = testStatistics,
            });
        }

        return new TrainerState(completed, stoppedEarly, best, withoutImprovement, metrics);
    }

    private static void WriteOptional(BinaryWriter writer, double? value)
    {
        writer.Write(value is not null);
        writer.Write(value ?? 0);
    }

    private static double? ReadOptional(BinaryReader reader)
    {
        var present = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return present ? value : null;
    }

    private static void WriteTerms(BinaryWriter writer, IReadOnlyDictionary<string, double> terms)
    {
        writer.Write(terms.Count);
        foreach (var (name, value) in terms)
        {
            writer.Write(name);
            writer.Write(value);
        }
    }

    private static IReadOnlyDictionary<string, double> ReadTerms(BinaryReader reader, Func<string, Exception> damaged)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > MaxTerms)
        {
            throw damaged($"it declares {count} loss terms in an epoch's metrics");
        }

        var terms = new Dictionary<string, double>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!terms.TryAdd(name, reader.ReadDouble()))
            {
                throw damaged($"its metrics name the loss term '{name}' twice");
            }
        }

        return terms;
    }
}
