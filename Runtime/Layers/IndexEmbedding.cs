using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>An embedding whose input may arrive as floating-point values holding whole indices (data sets are
/// float tensors); it rounds them to integer indices before the lookup.</summary>
internal sealed class IndexEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;

    public IndexEmbedding(long count, long dim) : base("IndexEmbedding")
    {
        embedding = nn.Embedding(count, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        embedding.forward(input.is_floating_point() ? input.round().to_type(ScalarType.Int64) : input.to_type(ScalarType.Int64));
}
