using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeDsl.Runtime.Layers;

/// <summary>An LSTM or GRU over batch-first sequences [B, L, F] (PyTorch's module in its field <c>rnn</c>, so the
/// state_dict keys are <c>rnn.weight_ih_l0</c>, …). It returns the last layer's states at every step,
/// [B, L, H·d], or the final state, [B, H·d], the forward direction's first when bidirectional (d = 2).</summary>
internal sealed class RecurrentLayer : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module rnn;
    private readonly bool last;
    private readonly long directions;

    public RecurrentLayer(string kind, long inputSize, long hidden, long layers, bool bidirectional, bool last) : base(kind == "lstm" ? "LSTM" : "GRU")
    {
        rnn = kind == "lstm"
            ? nn.LSTM(inputSize, hidden, layers, batchFirst: true, bidirectional: bidirectional)
            : nn.GRU(inputSize, hidden, layers, batchFirst: true, bidirectional: bidirectional);
        this.last = last;
        directions = bidirectional ? 2 : 1;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (states, final) = rnn switch
        {
            LSTM lstm => Unpack(lstm.call(input)),
            GRU gru => gru.call(input),
            _ => throw new InvalidOperationException("a recurrent layer holds an LSTM or a GRU"),
        };
        if (!last) return states;
        // h_n is [layers·d, B, H]; the last layer's directions are its last d rows.
        var top = final.narrow(0, final.shape[0] - directions, directions);
        return top.transpose(0, 1).reshape(input.shape[0], -1);
    }

    private static (Tensor, Tensor) Unpack((Tensor Output, Tensor Hidden, Tensor Cell) result) => (result.Output, result.Hidden);
}
