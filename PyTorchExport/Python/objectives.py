"""Loss terms beyond recon and kl, and the importance-sampled log p(x), as VaeDsl's Runtime computes them."""
import math

import torch

from .distributions import LOG_TWO_PI


def importance_log_weights(posterior, samples, log_joint):
    """log p(x, z_k) - log q(z_k|x) for k reparameterised samples (each drawn with its log-density), [K, B]."""
    weights = []
    for _ in range(samples):
        z, log_q = posterior.draw()
        weights.append(log_joint(z) - log_q)
    return torch.stack(weights)


def importance_weighted_bound(posterior, samples, log_joint):
    """The K-sample bound per example, [B] (Burda et al., 2016)."""
    log_weights = importance_log_weights(posterior, samples, log_joint)
    return log_weights.logsumexp(0) - math.log(log_weights.shape[0])


@torch.no_grad()
def estimate_log_likelihood(posterior, samples, log_joint):
    """log p(x) per example, [B], from `samples` importance samples, folded one by one (memory of one pass)."""
    total = None
    for _ in range(samples):
        z, log_q = posterior.draw()
        weight = log_joint(z) - log_q
        total = weight if total is None else torch.logaddexp(total, weight)
    return total.sub_(math.log(samples))


def path_weighted_bound(samples, log_weight):
    """The K-sample bound per example, [B], each log weight drawn by `log_weight()` (a whole hierarchy of latents)."""
    log_weights = torch.stack([log_weight() for _ in range(samples)])
    return log_weights.logsumexp(0) - math.log(log_weights.shape[0])


@torch.no_grad()
def estimate_path_log_likelihood(samples, log_weight):
    """log p(x) per example, [B], from `samples` draws of `log_weight()`, folded one by one."""
    total = None
    for _ in range(samples):
        weight = log_weight()
        total = weight if total is None else torch.logaddexp(total, weight)
    return total.sub_(math.log(samples))


def total_correlation(z, posterior, dataset_size):
    """Per-example estimates [B] of log q(z_i) - sum_j log q(z_ij), minibatch-weighted (Chen et al., 2018)."""
    batch = z.shape[0]
    diff = z.unsqueeze(1) - posterior.mean.unsqueeze(0)
    log_var = posterior.log_var.unsqueeze(0)
    pairwise = (diff.square() * (-log_var).exp() + log_var + LOG_TWO_PI) * -0.5
    log_normaliser = math.log(batch * float(dataset_size))
    log_joint = pairwise.sum(2).logsumexp(1) - log_normaliser
    log_product_of_marginals = (pairwise.logsumexp(1) - log_normaliser).sum(1)
    return log_joint - log_product_of_marginals


def _squared_distances(a, b):
    return (a.unsqueeze(1) - b.unsqueeze(0)).square().sum(2)


def mmd_rbf(x, y, scale=1.0):
    """The squared maximum mean discrepancy with the kernel exp(-|a - b|^2 / (2 s^2)) (biased estimate)."""
    def kernel(squared):
        return (squared / (-2 * scale * scale)).exp()
    xx = kernel(_squared_distances(x, x)).mean()
    yy = kernel(_squared_distances(y, y)).mean()
    xy = kernel(_squared_distances(x, y)).mean()
    return (xx + yy - 2 * xy).clamp_min(0)
