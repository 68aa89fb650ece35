"""The layers of VaeDsl that torch.nn has no exact counterpart for."""
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
