"""p(x|z) for the decoder's output, as VaeDsl's Runtime computes it."""
import math

import torch
from torch import nn
from torch.nn import functional as F

from .distributions import LOG_TWO_PI, sum_except_batch

LEVELS = 256


def bernoulli_log_prob(logits, x):
    return -sum_except_batch(F.binary_cross_entropy_with_logits(logits, x, reduction="none"))


def bernoulli_nll(logits, x):
    """-log p(x|z) averaged over the batch, as one fused reduction."""
    return F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / logits.shape[0]


def gaussian_log_prob(mean, x, variance):
    squared = (x - mean).square() / variance
    return sum_except_batch(squared + (LOG_TWO_PI + math.log(variance))) * -0.5


def gaussian_log_prob_learned(mean, log_var, x):
    squared = (x - mean).square() * (-log_var).exp()
    return sum_except_batch((squared + log_var + LOG_TWO_PI).expand_as(x)) * -0.5


def laplace_log_prob(location, x, scale):
    return -sum_except_batch((x - location).abs() / scale + math.log(2 * scale))


def laplace_log_prob_learned(location, log_scale, x):
    terms = (x - location).abs() * (-log_scale).exp() + log_scale + math.log(2)
    return -sum_except_batch(terms.expand_as(x))


def categorical256_log_prob(logits, x):
    """Logits [B, 256, ...] over the level round(255 x) of each element of x in [0, 1]."""
    targets = (x * (LEVELS - 1)).round().clamp(0, LEVELS - 1).to(torch.int64)
    return -sum_except_batch(F.cross_entropy(logits, targets, reduction="none"))


def categorical256_mean(logits):
    levels = torch.arange(LEVELS, dtype=logits.dtype, device=logits.device) / (LEVELS - 1)
    shape = [1] * logits.dim()
    shape[1] = LEVELS
    return (logits.softmax(1) * levels.reshape(shape)).sum(1)


class LearnedLogVariance(nn.Module):
    """The learned log-variance `log_var` of a Gaussian likelihood: one scalar, or one per input element."""

    def __init__(self, *shape):
        super().__init__()
        self.log_var = nn.Parameter(torch.zeros(*shape))

    def log_prob(self, mean, x):
        return gaussian_log_prob_learned(mean, self.log_var, x)


def token_categorical_log_prob(logits, x):
    """Logits [B, ..., V], vocabulary last, over the token indices x [B, ...] (floats holding whole numbers)."""
    targets = (x.round() if x.is_floating_point() else x).long().reshape(-1)
    cross_entropy = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets, reduction="none")
    return -cross_entropy.reshape(x.shape[0], -1).sum(1)


def token_categorical_mean(logits):
    """The most likely token at each position, as a float index."""
    return logits.argmax(-1).float()
