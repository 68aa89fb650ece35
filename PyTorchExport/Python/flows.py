"""Normalizing flows on Normal posteriors, as VaeDsl's Runtime computes them (same formulas, parameter names,
initialisation order and random draws)."""
import collections
import math

import torch
from torch import nn
from torch.nn import functional as F

PosteriorSample = collections.namedtuple("PosteriorSample", ["value", "log_prob"])
PosteriorSample.__doc__ = "A reparameterised sample [B, d] with its log-density log q(z|x), [B]."


class NormalizingFlow(nn.Module):
    """K steps z_K = f_K(...f_1(z_0)), returning z_K and the sum of the steps' log |det| per example."""

    reverses_between_steps = False

    def __init__(self, latent_size, steps):
        super().__init__()
        self.latent_size = latent_size
        self.steps = nn.ModuleList(steps)

    def forward(self, z0, context=None):
        z = z0
        log_det = torch.zeros(z0.shape[0], dtype=z0.dtype, device=z0.device)
        for k, step in enumerate(self.steps):
            if k > 0 and self.reverses_between_steps:
                z = z.flip(1)
            z, step_log_det = step(z, context)
            log_det = log_det + step_log_det
        return z, log_det


class PlanarStep(nn.Module):
    """z + u_hat tanh(w.z + b), with u_hat = u + (m(w.u) - w.u) w / |w|^2 and m(a) = softplus(a + ln(e - 1)) - 1."""

    SHIFT = math.log(math.e - 1)

    def __init__(self, latent_size):
        super().__init__()
        bound = 1.0 / math.sqrt(latent_size)
        self.u = nn.Parameter(torch.empty(latent_size).uniform_(-bound, bound))
        self.w = nn.Parameter(torch.empty(latent_size).uniform_(-bound, bound))
        self.b = nn.Parameter(torch.zeros(1))

    def constrained_u(self):
        wu = self.w.dot(self.u)
        m = F.softplus(wu + self.SHIFT) - 1
        return self.u + (m - wu) * self.w / (self.w.dot(self.w) + 1e-12)

    def forward(self, z, context=None):
        u_hat = self.constrained_u()
        activation = (z.matmul(self.w) + self.b).tanh()
        value = z + activation.unsqueeze(1) * u_hat
        log_det = (1 + (1 - activation.square()) * self.w.dot(u_hat)).abs().log()
        return value, log_det


def constrain_u(u, w):
    """u_hat row by row for u and w [B, d]: each example's w.u_hat = m(w.u) > -1, and u = 0 gives u_hat = 0."""
    wu = (w * u).sum(1, keepdim=True)
    m = F.softplus(wu + PlanarStep.SHIFT) - 1
    return u + (m - wu) * w / (w.square().sum(1, keepdim=True) + 1e-12)


class AmortizedPlanarStep(nn.Module):
    """A planar step whose u, w [B, d] and b [B, 1] come from linear heads on the features h [B, C], per example."""

    def __init__(self, latent_size, context_features):
        super().__init__()
        self.u = nn.Linear(context_features, latent_size)
        self.w = nn.Linear(context_features, latent_size)
        self.b = nn.Linear(context_features, 1)

    def forward(self, z, context=None):
        w = self.w(context)
        u_hat = constrain_u(self.u(context), w)
        b = self.b(context)
        activation = ((z * w).sum(1) + b.squeeze(1)).tanh()
        value = z + activation.unsqueeze(1) * u_hat
        log_det = (1 + (1 - activation.square()) * (w * u_hat).sum(1)).abs().log()
        return value, log_det


class PlanarFlow(NormalizingFlow):
    """Planar flow (Rezende and Mohamed, 2015); amortised when its steps read context features."""

    def __init__(self, latent_size, steps, context_features=0):
        super().__init__(latent_size, [
            AmortizedPlanarStep(latent_size, context_features) if context_features > 0 else PlanarStep(latent_size)
            for _ in range(steps)])


class RadialStep(nn.Module):
    """z + beta (z - z0) / (alpha + r), with alpha = softplus(a) and beta = -alpha + softplus(c)."""

    def __init__(self, latent_size):
        super().__init__()
        self.latent_size = latent_size
        bound = 1.0 / math.sqrt(latent_size)
        self.center = nn.Parameter(torch.empty(latent_size).uniform_(-bound, bound))
        self.alpha = nn.Parameter(torch.empty(1).uniform_(-bound, bound))
        self.beta = nn.Parameter(torch.empty(1).uniform_(-bound, bound))

    def forward(self, z, context=None):
        return radial_step(z, self.center, self.alpha, self.beta)


def radial_step(z, center, a, c):
    """z + beta h (z - z0), h = 1 / (alpha + r), and its log |det|; z0 [d] or [B, d], a and c [1] or [B, 1]."""
    alpha = F.softplus(a)
    beta = F.softplus(c) - alpha
    if alpha.dim() == 2:
        alpha = alpha.squeeze(1)
        beta = beta.squeeze(1)
    offset = z - center
    r = offset.square().sum(1).sqrt()
    h = 1 / (alpha + r)
    beta_h = beta * h
    value = z + beta_h.unsqueeze(1) * offset
    log_det = (z.shape[1] - 1) * (1 + beta_h).log() + (1 + beta_h - beta * r * h.square()).log()
    return value, log_det


class AmortizedRadialStep(nn.Module):
    """A radial step whose z0 [B, d] and free a, c [B, 1] come from linear heads on the features h [B, C]."""

    def __init__(self, latent_size, context_features):
        super().__init__()
        self.center = nn.Linear(context_features, latent_size)
        self.alpha = nn.Linear(context_features, 1)
        self.beta = nn.Linear(context_features, 1)

    def forward(self, z, context=None):
        return radial_step(z, self.center(context), self.alpha(context), self.beta(context))


class RadialFlow(NormalizingFlow):
    """Radial flow (Rezende and Mohamed, 2015); amortised when its steps read context features."""

    def __init__(self, latent_size, steps, context_features=0):
        super().__init__(latent_size, [
            AmortizedRadialStep(latent_size, context_features) if context_features > 0 else RadialStep(latent_size)
            for _ in range(steps)])


def made_masks(latent_size, hidden):
    """MADE masks input -> hidden [H, d], hidden -> hidden [H, H], hidden -> output [d, H]: output j sees inputs before j."""
    input_degrees = torch.arange(1, latent_size + 1)
    if latent_size == 1:
        hidden_degrees = torch.zeros(hidden, dtype=torch.long)
    else:
        hidden_degrees = torch.arange(hidden).remainder(latent_size - 1) + 1
    to_hidden = hidden_degrees.unsqueeze(1).ge(input_degrees.unsqueeze(0))
    hidden_to_hidden = hidden_degrees.unsqueeze(1).ge(hidden_degrees.unsqueeze(0))
    to_output = input_degrees.unsqueeze(1).gt(hidden_degrees.unsqueeze(0))
    return to_hidden.float(), hidden_to_hidden.float(), to_output.float()


class MaskedLinear(nn.Module):
    """x (W * M)^T + b, initialised as nn.Linear draws (uniform on +-1/sqrt(in)); the mask is not saved."""

    def __init__(self, mask):
        super().__init__()
        bound = 1.0 / math.sqrt(mask.shape[1])
        self.weight = nn.Parameter(torch.empty(mask.shape[0], mask.shape[1]).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(mask.shape[0]).uniform_(-bound, bound))
        self.register_buffer("mask", mask.clone(), persistent=False)

    def forward(self, x):
        return F.linear(x, self.weight * self.mask, self.bias)


class IafStep(nn.Module):
    """sigma * z + (1 - sigma) * m with (m, s) from a MADE network and sigma = sigmoid(s); log |det| = sum log sigma."""

    GATE_BIAS = 2.0

    def __init__(self, latent_size, hidden, context_features=0):
        super().__init__()
        to_hidden, hidden_to_hidden, to_output = made_masks(latent_size, hidden)
        self.input = MaskedLinear(to_hidden)
        self.context = nn.Linear(context_features, hidden) if context_features > 0 else None
        self.hidden = MaskedLinear(hidden_to_hidden)
        self.mean = MaskedLinear(to_output)
        self.gate = MaskedLinear(to_output)
        with torch.no_grad():
            self.gate.bias.fill_(self.GATE_BIAS)

    def forward(self, z, context=None):
        a = self.input(z)
        if self.context is not None:
            a = a + self.context(context)
        a = F.elu(a)
        a = F.elu(self.hidden(a))
        m, s = self.mean(a), self.gate(a)
        sigma = s.sigmoid()
        return sigma * z + (1 - sigma) * m, F.logsigmoid(s).sum(1)


class InverseAutoregressiveFlow(NormalizingFlow):
    """Inverse autoregressive flow (Kingma et al., 2016), the order of the dimensions reversed between steps."""

    reverses_between_steps = True

    def __init__(self, latent_size, steps, hidden, context_features=0):
        super().__init__(latent_size, [IafStep(latent_size, hidden, context_features) for _ in range(steps)])


class FlowedNormal:
    """q(z_K|x): a diagonal Normal's sample through a flow; log q(z_K|x) = log q(z_0|x) - sum log |det|."""

    def __init__(self, base, flow, context=None):
        self.base = base
        self.flow = flow
        self.context = context

    @property
    def flowed_mean(self):
        """The flow's image of the base mean: what reconstructions decode."""
        return self.flow(self.base.mean, self.context)[0]

    def rsample(self):
        z0 = self.base.rsample()
        value, log_det = self.flow(z0, self.context)
        return PosteriorSample(value, self.base.log_prob(z0) - log_det)

    def draw(self):
        return self.rsample()


class JointPosterior:
    """The joint of independent posteriors drawn with their log-densities: codes concatenated, log-densities added."""

    def __init__(self, parts):
        self.parts = parts

    def draw(self):
        draws = [part.draw() for part in self.parts]
        log_prob = draws[0][1]
        for _, part_log_prob in draws[1:]:
            log_prob = log_prob + part_log_prob
        return torch.cat([value for value, _ in draws], 1), log_prob
