using System.IO;
using System.Linq;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.Dsl.Tests;

/// <summary>docs/diagnostics.md has one section per ID of the table, headed by the table's title and severity,
/// so each descriptor's help link lands on it.</summary>
public class DiagnosticsDocsTests
{
    private static readonly string[] Headings = File.ReadAllLines(RepositoryRoot.File("docs", "diagnostics.md"))
        .Where(l => l.StartsWith("### VAE"))
        .Select(l => l.Substring(4).Trim())
        .ToArray();

    [Fact]
    public void Every_descriptor_has_its_section_headed_by_its_title_and_severity()
    {
        var missing = DiagnosticDescriptors.All.Select(d => d.DocumentationHeading).Except(Headings).ToList();
        Assert.True(missing.Count == 0, "no section headed: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_section_is_a_descriptor_of_the_table()
    {
        var unknown = Headings.Except(DiagnosticDescriptors.All.Select(d => d.DocumentationHeading)).ToList();
        Assert.True(unknown.Count == 0, "sections without a descriptor: " + string.Join("; ", unknown));
    }

    [Fact]
    public void A_help_link_is_the_anchor_of_the_ID_s_heading()
    {
        Assert.Equal(DiagnosticDescriptor.DocumentationPage + "#vae0312-per-without-learned-variance-error", DiagnosticDescriptors.PerNeedsLearned.HelpLink);
        Assert.Equal("VaeDsl.Shapes", DiagnosticDescriptors.DecoderMismatch.Category);
    }
}
