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
    /// Opens the metrics files of <paramref name="directory"/>. A fresh run (<paramref name="keepEpochs"/> 0) starts them
    /// empty; a run resumed after <paramref name="keepEpochs"/> epochs keeps the rows of those epochs and drops any later
    /// ones, which the interrupted run wrote after its last checkpoint and the resumed run trains again.
    /// </summary>
    public MetricsWriter(string directory, int keepEpochs)
    {
        Directory.CreateDirectory(directory);
        jsonPath = Path.Combine(directory, "metrics.jsonl");
        csvPath = Path.Combine(directory, "metrics.csv");
        if (keepEpochs == 0 || !File.Exists(csvPath) || !File.Exists(jsonPath))
        {
            File.WriteAllText(jsonPath, string.Empty);
            File.WriteAllText(csvPath, string.Empty);
            return;
        }

        // A resumed run keeps the columns of the run it continues.
        var csv = File.ReadAllLines(csvPath);
        columns = csv.Length == 0 || csv[0].Length == 0 ? null : csv[0].Split(',');
        File.WriteAllLines(csvPath, csv.Take(1).Concat(csv.Skip(1).Where(line => EpochOfCsvRow(line) <= keepEpochs)));
        File.WriteAllLines(jsonPath, File.ReadAllLines(jsonPath).Where(line => EpochOfJsonLine(line) <= keepEpochs));
    }

    private static int EpochOfCsvRow(string line) =>
        int.TryParse(line.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) ? epoch : int.MaxValue;

    private static int EpochOfJsonLine(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("epoch", out var epoch) && epoch.TryGetInt32(out var value) ? value : int.MaxValue;
        }
        catch (JsonException)
        {
            // A line cut short when the process died: not a complete epoch.
            return int.MaxValue;
        }
    }

    public void Write(EpochMetrics metrics)
    {
        var row = Columns(metrics);
        File.AppendAllText(jsonPath, Json(row) + "\n");
        if (columns is null)
        {
            columns = row.Select(c => c.Key).ToArray();
            File.AppendAllText(csvPath, string.Join(",", columns) + "\n");
        }

        var byName = row.ToDictionary(c => c.Key, c => c.Value);
        var cells = columns.Select(c => byName.TryGetValue(c, out var v) && v is double d ? Number(d) : string.Empty);
        File.AppendAllText(csvPath, string.Join(",", cells) + "\n");
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
