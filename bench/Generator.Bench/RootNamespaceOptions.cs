using Microsoft.CodeAnalysis.Diagnostics;

namespace VaeDsl.Generator.Bench;

/// <summary>The MSBuild properties the generator reads: only build_property.RootNamespace, as in a real project.</summary>
internal sealed class RootNamespaceOptions(string rootNamespace) : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions None = new Options(null);

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(rootNamespace);

    public override AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.AdditionalText textFile) => None;

    private sealed class Options(string? rootNamespace) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            value = key == "build_property.RootNamespace" ? rootNamespace ?? "" : "";
            return key == "build_property.RootNamespace" && rootNamespace is not null;
        }
    }
}
