using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Dsl.Tests.Catalog;

/// <summary>docs/language.md's tables of constructs are the catalogue: each sits between
/// <c>&lt;!-- catalogue: NAME --&gt;</c> and <c>&lt;!-- end catalogue --&gt;</c> and must equal what the catalogue
/// renders. On a mismatch the regenerated page is written to docs/language.received.md; accept it with
/// scripts/accept-snapshots.sh.</summary>
public class LanguageDocsTests
{
    private static readonly Regex Region = new(@"(?<start><!-- catalogue: (?<name>[a-z-]+) -->\n)(?<table>.*?)(?<end><!-- end catalogue -->)", RegexOptions.Singleline);

    [Fact]
    public void Every_kind_of_construct_has_its_table_in_the_language_reference()
    {
        var names = Region.Matches(ReadDocs()).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(CatalogueTables.Tables.Keys.OrderBy(n => n), names.OrderBy(n => n));
        Assert.Equal(System.Enum.GetValues<ConstructKind>().OrderBy(k => k), CatalogueTables.Tables.Values.OrderBy(k => k));
    }

    [Fact]
    public void The_tables_of_the_language_reference_are_rendered_from_the_catalogue()
    {
        var path = RepositoryRoot.File("docs", "language.md");
        var text = ReadDocs();
        var expected = Region.Replace(text, m => m.Groups["start"].Value + CatalogueTables.Render(CatalogueTables.Tables[m.Groups["name"].Value]) + m.Groups["end"].Value);
        var received = Path.ChangeExtension(path, ".received.md");
        if (expected == text)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, expected);
        var first = Enumerable.Range(0, System.Math.Min(text.Length, expected.Length)).FirstOrDefault(i => text[i] != expected[i]);
        var line = text.Substring(0, first).Count(c => c == '\n') + 1;
        Assert.Fail($"docs/language.md differs from the catalogue from line {line}; the regenerated page is in {received} (accept it with scripts/accept-snapshots.sh).\n"
            + "expected: " + Excerpt(expected, first) + "\nfound:    " + Excerpt(text, first));
    }

    [Fact]
    public void The_language_reference_lists_every_name_reserved_for_hyper_parameters()
    {
        var docs = ReadDocs();
        Assert.All(ConstructCatalog.ReservedOptionProperties, reserved =>
        {
            var spelling = string.Concat(reserved.Property.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
            Assert.Contains($"`{spelling}`", docs);
        });
    }

    private static string ReadDocs() => File.ReadAllText(RepositoryRoot.File("docs", "language.md")).Replace("\r\n", "\n");

    private static string Excerpt(string text, int at) => text.Substring(at, System.Math.Min(200, text.Length - at)).Split('\n')[0];
}
