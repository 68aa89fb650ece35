using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using nietras.SeparatedValues;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Data;

/// <summary>
/// A numeric table read from a CSV file: one row per example, every cell a number, an optional header row of column
/// names and an optional integer label column (for example a class) kept apart from the features.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string source, IReadOnlyList<string> featureNames, string? labelName, IReadOnlyList<IReadOnlyList<double>> features, IReadOnlyList<long>? labels)
    {
        Source = source;
        FeatureNames = featureNames;
        LabelName = labelName;
        Features = features;
        Labels = labels;
    }

    /// <summary>Where the table came from (a path), for messages.</summary>
    public string Source { get; }

    /// <summary>The name of each feature column: the header's, or <c>column N</c> (1-based) without a header.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The name of the label column, or null when the table has no labels.</summary>
    public string? LabelName { get; }

    /// <summary>The feature values, [row][feature].</summary>
    public IReadOnlyList<IReadOnlyList<double>> Features { get; }

    /// <summary>The label of each row, or null when no label column was chosen.</summary>
    public IReadOnlyList<long>? Labels { get; }

    /// <summary>The number of rows (examples).</summary>
    public int RowCount => Features.Count;

    /// <summary>The number of feature columns.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>Reads the CSV file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="hasHeader">Whether the first non-blank line holds column names.</param>
    /// <param name="labelColumn">The label column by header name, or by 1-based position written <c>#N</c>; null for none.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidFileException">The path is a directory.</exception>
    /// <exception cref="CsvFormatException">The file is empty, a row has the wrong number of cells, a cell is not a finite number,
    /// a label is not an integer, or the label column does not exist.</exception>
    public static CsvTable Load(string path, bool hasHeader = true, string? labelColumn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileChecks.RequireFile(path, "CSV file");

        using var reader = new StreamReader(path);
        return Parse(reader, path, hasHeader, labelColumn);
    }

    /// <summary>Reads a CSV table from <paramref name="reader"/>; <paramref name="source"/> names it in messages.</summary>
    /// <inheritdoc cref="Load" path="/param"/>
    /// <inheritdoc cref="Load" path="/exception"/>
    public static CsvTable Parse(TextReader reader, string source, bool hasHeader = true, string? labelColumn = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        string[]? names = null;
        int? labelIndex = null;
        var features = new List<IReadOnlyList<double>>();
        var labels = new List<long>();
        // Sep splits the rows (quotes, escapes, line endings); the header, the blank lines and the messages are ours.
        using var csv = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true, Trim = SepTrim.All }).From(reader);
        var lineNumber = 0;
        try
        {
            foreach (var row in csv)
            {
                // Sep 0.17.1 reports line 2 as the start of the first row, which always starts on line 1.
                lineNumber = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
                if (row.Span.IsWhiteSpace()) continue;
                var cells = new string[row.ColCount];
                for (var j = 0; j < cells.Length; j++)
                {
                    cells[j] = row[j].ToString();
                }

                if (names is null)
                {
                    names = hasHeader ? cells : Enumerable.Range(1, cells.Length).Select(i => $"column {i}").ToArray();
                    labelIndex = FindLabel(names, labelColumn, hasHeader, source, lineNumber);
                    if (hasHeader) continue;
                }

                if (cells.Length != names.Length)
                {
                    throw new CsvFormatException(source, lineNumber,
                        $"{source}({lineNumber}): the row has {cells.Length} cell{(cells.Length == 1 ? "" : "s")} but {(hasHeader ? "the header" : "the first row")} has {names.Length}.");
                }

                var values = new double[names.Length - (labelIndex is null ? 0 : 1)];
                var k = 0;
                for (var j = 0; j < cells.Length; j++)
                {
                    if (j == labelIndex)
                    {
                        labels.Add(ParseLabel(cells[j], source, lineNumber, j, names[j]));
                    }
                    else
                    {
                        values[k++] = ParseNumber(cells[j], source, lineNumber, j, names[j]);
                    }
                }

                features.Add(values);
            }
        }
        catch (Exception e) when (e is not CsvFormatException and not OutOfMemoryException)
        {
            throw new CsvFormatException(source, lineNumber + 1, $"{source}({lineNumber + 1}): the file cannot be read as CSV: {e.Message}");
        }

        if (names is null)
        {
            throw new CsvFormatException(source, null, $"{source}: the file is empty; expected {(hasHeader ? "a header row and " : "")}rows of numbers separated by commas.");
        }

        if (features.Count == 0)
        {
            throw new CsvFormatException(source, null, $"{source}: the file has a header row but no data rows.");
        }

        var featureNames = names.Where((_, j) => j != labelIndex).ToArray();
        return new CsvTable(source, featureNames, labelIndex is int l ? names[l] : null, features, labelIndex is null ? null : labels);
    }

    /// <summary>
    /// Splits the rows at random into a training and a test table; the same <paramref name="seed"/> gives the same split.
    /// The test table gets round(<paramref name="testFraction"/> · rows) rows, at least one, and the training table at least one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1.</exception>
    /// <exception cref="CsvFormatException">The table has fewer than two rows.</exception>
    public (CsvTable Train, CsvTable Test) Split(double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "the test fraction must lie strictly between 0 and 1");
        }

        if (RowCount < 2)
        {
            throw new CsvFormatException(Source, null, $"{Source}: the file has {RowCount} data row; splitting it into a training and a test table needs at least two.");
        }

        // System.Random with a seed follows a fixed algorithm, so the split is the same on every machine and run.
        var order = Enumerable.Range(0, RowCount).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = Math.Clamp((int)Math.Round(testFraction * RowCount), 1, RowCount - 1);
        return (Subset(order[testCount..]), Subset(order[..testCount]));
    }

    /// <summary>
    /// The table as a data set: features as float32 [rows, features] (standardised when <paramref name="scaling"/> is
    /// given) and labels as int64 [rows] (null without a label column).
    /// </summary>
    public TensorDataSet ToDataSet(Standardization? scaling = null)
    {
        var rows = scaling is null ? Features.Select(r => r.ToArray()).ToArray() : scaling.Apply(this);
        var flat = rows.SelectMany(r => r.Select(v => (float)v)).ToArray();
        var inputs = tensor(flat, new long[] { RowCount, FeatureCount });
        var labels = Labels is null ? null : tensor(Labels.ToArray(), new long[] { RowCount });
        return new TensorDataSet(inputs, labels);
    }

    private CsvTable Subset(int[] rows) =>
        new(Source, FeatureNames, LabelName, rows.Select(i => Features[i]).ToArray(), Labels is null ? null : rows.Select(i => Labels[i]).ToArray());

    private static int? FindLabel(string[] names, string? labelColumn, bool hasHeader, string source, int line)
    {
        if (labelColumn is null) return null;
        if (labelColumn.StartsWith('#'))
        {
            if (int.TryParse(labelColumn.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position >= 1 && position <= names.Length)
            {
                return position - 1;
            }

            throw new CsvFormatException(source, line, $"{source}({line}): label column '{labelColumn}' does not exist; the rows have {names.Length} columns (#1 to #{names.Length}).");
        }

        if (!hasHeader)
        {
            throw new CsvFormatException(source, line, $"{source}: label column '{labelColumn}' is given by name but the file has no header; give its position as #N.");
        }

        var index = Array.IndexOf(names, labelColumn);
        if (index < 0)
        {
            throw new CsvFormatException(source, line, $"{source}({line}): the header has no column named {MessageText.Quote(labelColumn)}; its columns are {ColumnList(names)}.");
        }

        return index;
    }

    private static double ParseNumber(string cell, string source, int line, int column, string name)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw new CsvFormatException(source, line, $"{source}({line},{column + 1}): {Describe(cell)} in column {column + 1} ({MessageText.Printable(name)}) is not a finite number.");
    }

    private static long ParseLabel(string cell, string source, int line, int column, string name)
    {
        if (long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new CsvFormatException(source, line, $"{source}({line},{column + 1}): label {Describe(cell)} in column {column + 1} ({MessageText.Printable(name)}) is not a whole number.");
    }

    private static string Describe(string cell) => cell.Length == 0 ? "the empty cell" : MessageText.Quote(cell);

    // A garbage header can have thousands of "columns"; the message names the first few.
    private static string ColumnList(string[] names)
    {
        const int Shown = 12;
        var listed = string.Join(", ", names.Take(Shown).Select(name => MessageText.Quote(name, maximum: 30)));
        return names.Length <= Shown ? listed : $"{listed} and {names.Length - Shown} more";
    }
}
