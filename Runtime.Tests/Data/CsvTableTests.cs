using System;
using System.IO;
using System.Linq;
using VaeDsl.Runtime.Data;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Runtime.Tests.Data;

public sealed class CsvTableTests
{
    private static CsvTable Parse(string text, bool hasHeader = true, string? label = null) =>
        CsvTable.Parse(new StringReader(text), "table.csv", hasHeader, label);

    [Fact]
    public void A_header_names_the_features_and_the_label_column_is_kept_apart()
    {
        var table = Parse("a,b,class\n1.5,-2,0\n3,4e1,2\n", label: "class");

        Assert.Equal(new[] { "a", "b" }, table.FeatureNames);
        Assert.Equal("class", table.LabelName);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(new[] { 1.5, -2.0 }, table.Features[0]);
        Assert.Equal(new[] { 3.0, 40.0 }, table.Features[1]);
        Assert.Equal(new long[] { 0, 2 }, table.Labels!);
    }

    [Fact]
    public void Without_a_header_the_label_is_chosen_by_position_and_blank_lines_are_skipped()
    {
        var table = Parse("7,1,2\n\n8,3,4\n", hasHeader: false, label: "#1");

        Assert.Equal(new[] { "column 2", "column 3" }, table.FeatureNames);
        Assert.Equal(new long[] { 7, 8 }, table.Labels!);
        Assert.Equal(new[] { 3.0, 4.0 }, table.Features[1]);
    }

    [Fact]
    public void Without_a_label_column_every_column_is_a_feature()
    {
        var table = Parse("x,y\n1,2\n");

        Assert.Null(table.Labels);
        Assert.Equal(2, table.FeatureCount);
    }

    [Fact]
    public void A_bad_cell_is_reported_with_file_line_column_and_name()
    {
        var error = Assert.Throws<CsvFormatException>(() => Parse("a,b\n1,2\n3,abc\n"));

        Assert.Equal("table.csv(3,2): 'abc' in column 2 (b) is not a finite number.", error.Message);
        Assert.Equal(3, error.Line);
        Assert.Equal("table.csv", error.FilePath);
    }

    [Theory]
    [InlineData("a,b\n1,\n", "table.csv(2,2): the empty cell in column 2 (b) is not a finite number.")]
    [InlineData("a,b\n1,NaN\n", "table.csv(2,2): 'NaN' in column 2 (b) is not a finite number.")]
    [InlineData("a,b\n1,2\n3,4,5\n", "table.csv(3): the row has 3 cells but the header has 2.")]
    [InlineData("a,b\n1\n", "table.csv(2): the row has 1 cell but the header has 2.")]
    [InlineData("", "table.csv: the file is empty; expected a header row and rows of numbers separated by commas.")]
    [InlineData("\n  \n", "table.csv: the file is empty; expected a header row and rows of numbers separated by commas.")]
    [InlineData("a,b\n", "table.csv: the file has a header row but no data rows.")]
    public void Malformed_tables_are_rejected_with_the_place_and_the_problem(string text, string message)
    {
        var error = Assert.Throws<CsvFormatException>(() => Parse(text));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_garbage_header_is_not_echoed_whole()
    {
        var header = string.Join(",", Enumerable.Range(0, 400).Select(i => $"junk{i}"));
        var error = Assert.Throws<CsvFormatException>(() => Parse(header + "\n" + string.Join(",", Enumerable.Repeat("1", 400)) + "\n", label: "class"));

        Assert.Equal("table.csv(1): the header has no column named 'class'; its columns are 'junk0', 'junk1', 'junk2', 'junk3', 'junk4', "
            + "'junk5', 'junk6', 'junk7', 'junk8', 'junk9', 'junk10', 'junk11' and 388 more.", error.Message);
    }

    [Fact]
    public void Control_characters_and_long_cells_are_shown_escaped_and_cut()
    {
        var nul = Assert.Throws<CsvFormatException>(() => Parse("a,b\n1,2\0\u001b[31m\n"));
        Assert.Equal("table.csv(2,2): '2\\0\\u001B[31m' in column 2 (b) is not a finite number.", nul.Message);

        var cell = new string('x', 5000);
        var longCell = Assert.Throws<CsvFormatException>(() => Parse("a\n" + cell + "\n"));
        Assert.Equal($"table.csv(2,1): '{new string('x', 60)}'… (5000 characters) in column 1 (a) is not a finite number.", longCell.Message);
    }

    [Fact]
    public void Quoted_cells_are_unquoted_and_line_numbers_count_blank_lines()
    {
        var table = Parse("\"a\", \"b\"\n\n \"1\" ,2.5\n3,\"4\"\n");
        Assert.Equal(new[] { "a", "b" }, table.FeatureNames);
        Assert.Equal(new[] { 1.0, 2.5 }, table.Features[0]);

        var error = Assert.Throws<CsvFormatException>(() => Parse("a,b\n\n1,2\n\n3,\"x,y\"\n"));
        Assert.Equal("table.csv(5,2): 'x,y' in column 2 (b) is not a finite number.", error.Message);
    }

    [Fact]
    public void A_ragged_row_without_a_header_is_compared_with_the_first_row()
    {
        var error = Assert.Throws<CsvFormatException>(() => Parse("1,2\n3\n", hasHeader: false));
        Assert.Equal("table.csv(2): the row has 1 cell but the first row has 2.", error.Message);
    }

    [Theory]
    [InlineData("a,b,class\n1,2,0.5\n", "class", "table.csv(2,3): label '0.5' in column 3 (class) is not a whole number.")]
    [InlineData("a,b\n1,2\n", "class", "table.csv(1): the header has no column named 'class'; its columns are 'a', 'b'.")]
    [InlineData("a,b\n1,2\n", "#3", "table.csv(1): label column '#3' does not exist; the rows have 2 columns (#1 to #2).")]
    public void Label_problems_name_the_column(string text, string label, string message)
    {
        var error = Assert.Throws<CsvFormatException>(() => Parse(text, label: label));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_label_given_by_name_needs_a_header()
    {
        var error = Assert.Throws<CsvFormatException>(() => Parse("1,2\n", hasHeader: false, label: "class"));
        Assert.Contains("has no header", error.Message);
    }

    [Fact]
    public void A_directory_in_place_of_the_file_is_called_a_directory()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "wine.csv");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<InvalidFileException>(() => CsvTable.Load(path));

        Assert.Equal($"CSV file '{path}' is a directory, not a file.", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), "vaedsl-no-such-" + Guid.NewGuid().ToString("N") + ".csv");
        var error = Assert.Throws<FileNotFoundException>(() => CsvTable.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Standardisation_uses_the_statistics_of_the_table_it_was_fitted_on()
    {
        // Column a: 1, 3, 5 → mean 3, population std √(8/3). Column b is constant: centred, not scaled.
        var train = Parse("a,b\n1,7\n3,7\n5,7\n");
        var test = Parse("a,b\n11,8\n");
        var scaling = Standardization.Fit(train);

        Assert.Equal(3.0, scaling.Means[0], 12);
        Assert.Equal(Math.Sqrt(8.0 / 3.0), scaling.StandardDeviations[0], 12);
        Assert.Equal(1.0, scaling.StandardDeviations[1]);
        var scaled = scaling.Apply(test);
        Assert.Equal((11 - 3) / Math.Sqrt(8.0 / 3.0), scaled[0][0], 12);
        Assert.Equal(1.0, scaled[0][1], 12);
    }

    [Fact]
    public void A_seeded_split_is_reproducible_disjoint_and_complete()
    {
        var text = "v,class\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{i % 3}\n"));
        var table = Parse(text, label: "class");

        var (train, test) = table.Split(0.25, seed: 5);
        var (trainAgain, testAgain) = table.Split(0.25, seed: 5);

        Assert.Equal(15, train.RowCount);
        Assert.Equal(5, test.RowCount);
        var trainValues = train.Features.Select(r => r[0]).ToArray();
        var testValues = test.Features.Select(r => r[0]).ToArray();
        Assert.Empty(trainValues.Intersect(testValues));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i), trainValues.Concat(testValues).OrderBy(v => v));
        Assert.Equal(testValues, testAgain.Features.Select(r => r[0]));
        Assert.Equal(trainValues, trainAgain.Features.Select(r => r[0]));
        // Labels travel with their rows.
        Assert.All(Enumerable.Range(0, test.RowCount), i => Assert.Equal((long)test.Features[i][0] % 3, test.Labels![i]));
    }

    [Fact]
    public void The_data_set_holds_standardised_float_features_and_integer_labels()
    {
        var table = Parse("a,class\n1,0\n3,1\n", label: "class");
        var data = table.ToDataSet(Standardization.Fit(table));

        Assert.Equal(new long[] { 2, 1 }, data.Inputs.shape);
        Assert.Equal(new[] { -1f, 1f }, data.Inputs.data<float>().ToArray());
        Assert.Equal(new long[] { 0, 1 }, data.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void The_shipped_wine_table_has_the_documented_size_and_class_counts()
    {
        // The UCI description: 178 wines, 13 attributes, classes of 59, 71 and 48 wines.
        var table = CsvTable.Load(RepositoryRoot.File("data", "wine", "wine.csv"), labelColumn: "class");

        Assert.Equal(178, table.RowCount);
        Assert.Equal(13, table.FeatureCount);
        Assert.Equal(new[] { 59, 71, 48 }, Enumerable.Range(0, 3).Select(c => table.Labels!.Count(l => l == c)));
        Assert.Equal(14.23, table.Features[0][0]);
        Assert.Equal(1065.0, table.Features[0][12]);
    }
}
