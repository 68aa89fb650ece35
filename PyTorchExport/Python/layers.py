"""The layers of VaeDsl that torch.nn has no exact counterpart for."""
import math

import torch
from torch import nn


class Reshape(nn.Module):
    """Reshapes every example to a fixed shape, keeping the batch dimension."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


class Residual(nn.Module):
    """x + body(x)."""

    def __init__(self, *layers):
        super().__init__()
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.body(x)


class IndexEmbedding(nn.Module):
    """An embedding whose indices may arrive as floats holding whole numbers (data sets are float tensors)."""

    def __init__(self, count, dim):
        super().__init__()
        self.embedding = nn.Embedding(count, dim)

    def forward(self, x):
        return self.embedding(x.round().long() if x.is_floating_point() else x.long())


class Recurrent(nn.Module):
    """An LSTM or GRU over batch-first sequences: the last layer's states at every step, or its final state
    (the forward direction's, then the backward one's)."""

    def __init__(self, rnn, last=False):
        super().__init__()
        self.rnn = rnn
        self.last = last

    def forward(self, x):
        states, final = self.rnn(x)
        if not self.last:
            return states
        if isinstance(final, tuple):
            final = final[0]
        directions = 2 if self.rnn.bidirectional else 1
        return final[-directions:].transpose(0, 1).reshape(x.shape[0], -1)


def causal_mask(x):
    """An additive [L, L] mask: -inf where a position would attend to a later one, 0 elsewhere."""
    length = x.shape[1]
    return torch.full((length, length), float("-inf"), dtype=x.dtype, device=x.device).triu(1)


class SelfAttention(nn.Module):
    """Multi-head self-attention over batch-first sequences [B, L, E]."""

    def __init__(self, embedding, heads, causal=False):
        super().__init__()
        self.attention = nn.MultiheadAttention(embedding, heads, batch_first=True)
        self.causal = causal

    def forward(self, x):
        mask = causal_mask(x) if self.causal else None
        return self.attention(x, x, x, need_weights=False, attn_mask=mask)[0]


class CausalTransformerEncoderLayer(nn.TransformerEncoderLayer):
    """nn.TransformerEncoderLayer whose positions attend only to themselves and earlier ones."""

    def forward(self, src):
        return super().forward(src, src_mask=causal_mask(src))


class LearnedPositional(nn.Module):
    """Adds a learned position embedding [L, E], drawn from N(0, 0.02^2), to sequences [B, L, E]."""

    def __init__(self, length, embedding):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(length, embedding))
        nn.init.normal_(self.weight, 0, 0.02)

    def forward(self, x):
        return x + self.weight


class SinusoidalPositional(nn.Module):
    """Adds the fixed sinusoids of Vaswani et al. (2017) to sequences [B, L, E]."""

    def forward(self, x):
        length, embedding = x.shape[1], x.shape[2]
        positions = torch.arange(length, dtype=torch.float32, device=x.device).unsqueeze(1)
        pairs = (embedding + 1) // 2
        frequencies = torch.exp(torch.arange(pairs, dtype=torch.float32, device=x.device) * (-2.0 * math.log(10000.0) / embedding))
        angles = positions * frequencies
        table = torch.stack([angles.sin(), angles.cos()], 2).reshape(length, 2 * pairs)[:, :embedding]
        return x + table.to(x.dtype)


class TeacherForcing(nn.Module):
    """A decoder's first layer reading the input tokens: its input is [B, F + L], the features then the L tokens; at
    each position the features beside the embedding of the token before it (`start` before the first). During
    training each previous token is replaced by `unknown` with probability `word_dropout` (Bowman et al., 2016)."""

    def __init__(self, features, length, vocab, dim, word_dropout=0.0, start=0, unknown=1):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.features, self.length = features, length
        self.word_dropout, self.start, self.unknown = word_dropout, start, unknown

    def forward(self, x):
        batch = x.shape[0]
        code = x[:, :self.features]
        previous = x[:, self.features:self.features + self.length - 1].round().long()
        if self.training and self.word_dropout > 0:
            dropped = torch.rand(batch, self.length - 1, device=x.device) < self.word_dropout
            previous = previous.masked_fill(dropped, self.unknown)
        first = torch.full((batch, 1), self.start, dtype=torch.long, device=x.device)
        shifted = torch.cat([first, previous], 1)
        return torch.cat([code.unsqueeze(1).expand(batch, self.length, self.features), self.embedding(shifted)], 2)


def decode_greedily(code, length, logits):
    """L passes of a teacher-forced decoder, each fixing the most likely token at the next position; [B, L] floats."""
    tokens = torch.zeros(code.shape[0], length, device=code.device)
    for position in range(length):
        tokens[:, position] = logits(tokens)[:, position].argmax(-1).float()
    return tokens
