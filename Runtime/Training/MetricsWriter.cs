using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace VaeDsl.Runtime.Training;

/// <summary>Writes one line per epoch to <c>metrics.jsonl</c> and <c>metrics.csv</c> in an output directory.</summary>
internal sealed class MetricsWriter
{
    private readonly string jsonPath;
    private readonly string csvPath;
    private string[]? columns;

    /// <summary>
    /// Opens the metrics files of <paramref name="directory"/> and writes into them the rows of <paramref name="previous"/>,
    /// the epochs a resumed run restored from its checkpoint (none for a fresh run), replacing what they held: rows the
    /// interrupted run wrote after its last checkpoint are trained again, and a row it had no time to write is restored.
    /// </summary>
    public MetricsWriter(string directory, IReadOnlyList<EpochMetrics> previous)
    {
        Directory.CreateDirectory(directory);
        jsonPath = Path.Combine(directory, "metrics.jsonl");
        csvPath = Path.Combine(directory, "metrics.csv");
        var json = new StringBuilder();
        var csv = new StringBuilder();
        foreach (var metrics in previous)
        {
            Format(metrics, json, csv);
        }

        AtomicFile.WriteAllBytes(jsonPath, Encoding.UTF8.GetBytes(json.ToString()));
        AtomicFile.WriteAllBytes(csvPath, Encoding.UTF8.GetBytes(csv.ToString()));
    }

    /// <summary>Appends the row of <paramref name="metrics"/> to both files.</summary>
    public void Write(EpochMetrics metrics)
    {
        var json = new StringBuilder();
        var csv = new StringBuilder();
        Format(metrics, json, csv);
        File.AppendAllText(jsonPath, json.ToString());
        WriteSteps.Reached("appended " + jsonPath);
        File.AppendAllText(csvPath, csv.ToString());
        WriteSteps.Reached("appended " + csvPath);
    }

    // The CSV's columns are those of the run's first row, so a resumed run keeps the columns of the run it continues.
    private void Format(EpochMetrics metrics, StringBuilder json, StringBuilder csv)
    {
        var row = Columns(metrics);
        json.Append(Json(row)).Append('\n');
        if (columns is null)
        {
            columns = row.Select(c => c.Key).ToArray();
            csv.AppendJoin(',', columns).Append('\n');
        }

        var byName = row.ToDictionary(c => c.Key, c => c.Value);
        csv.AppendJoin(',', columns.Select(c => byName.TryGetValue(c, out var v) && v is double d ? Number(d) : string.Empty)).Append('\n');
    }

    private static List<KeyValuePair<string, double?>> Columns(EpochMetrics m)
    {
        var row = new List<KeyValuePair<string, double?>>
        {
            new("epoch", m.Epoch),
            new("train_loss", m.TrainLoss),
            new("test_loss", m.TestLoss),
            new("seconds", m.Seconds),
        };
        if (m.ResidentBytes is long bytes)
        {
            row.Add(new("resident_mib", Math.Round(bytes / (1024.0 * 1024.0), 1)));
        }

        if (m.ValidationLoss is not null)
        {
            row.Add(new("validation_loss", m.ValidationLoss));
        }

        row.AddRange(m.Statistics.Select(s => new KeyValuePair<string, double?>(s.Key, s.Value)));
        row.AddRange(m.TestStatistics.Select(s => new KeyValuePair<string, double?>("test_" + s.Key, s.Value)));
        row.AddRange(m.TrainTerms.Select(t => new KeyValuePair<string, double?>("train_" + t.Key, t.Value)));
        if (m.TestTerms is not null)
        {
            row.AddRange(m.TestTerms.Select(t => new KeyValuePair<string, double?>("test_" + t.Key, t.Value)));
        }

        return row;
    }

    private static string Json(List<KeyValuePair<string, double?>> row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in row)
            {
                // JSON has no NaN or infinity; a non-finite value is written as null.
                if (value is double d && double.IsFinite(d))
                {
                    if (name == "epoch")
                    {
                        writer.WriteNumber(name, (long)d);
                    }
                    else
                    {
                        writer.WriteNumber(name, d);
                    }
                }
                else
                {
                    writer.WriteNull(name);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
