using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace VaeDsl.Generator.Bench;

/// <summary>A .vae file held in memory, as the compiler hands an AdditionalFile to the generator.</summary>
internal sealed class VaeFile(string path, string text) : AdditionalText
{
    private readonly SourceText source = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => source;
}
