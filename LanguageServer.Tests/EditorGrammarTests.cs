using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Testing;
using Xunit;

namespace VaeDsl.LanguageServer.Tests;

/// <summary>The VS Code extension's TextMate grammar names exactly the catalogue's constructs, so a new layer
/// cannot be left uncoloured (the grammar's own tokenisation tests run under node: Editors/VsCode/test).</summary>
public class EditorGrammarTests
{
    private static readonly JsonElement Repository = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("Editors", "VsCode", "syntaxes", "vae.tmLanguage.json")))
        .RootElement.GetProperty("repository");

    /// <summary>The words of a grammar rule written as <c>\b(a|b|c)\b</c>.</summary>
    private static string[] Words(string rule)
    {
        var match = Regex.Match(Repository.GetProperty(rule).GetProperty("match").GetString()!, @"^\\b\(([^()]*)\)\\b$");
        Assert.True(match.Success, $"rule {rule} is not a word list");
        return match.Groups[1].Value.Split('|').OrderBy(w => w, System.StringComparer.Ordinal).ToArray();
    }

    private static string[] Names(params ConstructKind[] kinds) =>
        kinds.SelectMany(ConstructCatalog.OfKind).Select(c => c.Name).Distinct().OrderBy(w => w, System.StringComparer.Ordinal).ToArray();

    [Fact]
    public void The_layer_rule_lists_every_catalogue_layer_and_nothing_else() => Assert.Equal(Names(ConstructKind.Layer), Words("layers"));

    [Fact]
    public void The_other_rules_list_their_catalogue_constructs()
    {
        Assert.Equal(Names(ConstructKind.Condition, ConstructKind.LatentFamily, ConstructKind.Prior, ConstructKind.Inference, ConstructKind.Likelihood), Words("families"));
        Assert.Equal(Names(ConstructKind.Flow), Words("flows"));
        Assert.Equal(Names(ConstructKind.LossTerm), Words("loss-terms"));
        Assert.Equal(Names(ConstructKind.WeightSchedule, ConstructKind.LearningRateSchedule), Words("schedules"));
        Assert.Equal(Names(ConstructKind.Optimizer), Words("optimizers"));
    }
}
