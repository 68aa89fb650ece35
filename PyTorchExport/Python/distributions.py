"""Posteriors and priors of the latents, as VaeDsl's Runtime computes them (same formulas, same random draws)."""
import math

import torch
from torch import nn
from torch.nn import functional as F

LOG_TWO_PI = math.log(2 * math.pi)


def sum_except_batch(values):
    """Sums over every dimension but the first: [B, ...] -> [B]."""
    return values if values.dim() <= 1 else values.flatten(1).sum(1)


class DiagonalNormal:
    """A batch of diagonal Gaussians with mean and log-variance [B, d]."""

    def __init__(self, mean, log_var):
        self.mean = mean
        self.log_var = log_var

    @staticmethod
    def cat(parts):
        """The joint of independent parts over their concatenated codes."""
        if len(parts) == 1:
            return parts[0]
        return DiagonalNormal(torch.cat([p.mean for p in parts], 1), torch.cat([p.log_var for p in parts], 1))

    def rsample(self):
        return self.mean + (self.log_var * 0.5).exp() * torch.randn_like(self.mean)

    def draw(self):
        """A reparameterised sample and its log-density."""
        z = self.rsample()
        return z, self.log_prob(z)

    def log_prob(self, z):
        squared = (z - self.mean).square() * (-self.log_var).exp()
        return sum_except_batch(squared + self.log_var + LOG_TWO_PI) * -0.5

    def kl_to_standard_normal_per_dimension(self):
        return (self.log_var.exp() + self.mean.square() - self.log_var - 1) * 0.5

    def kl_to_standard_normal_mean(self):
        return (self.log_var.exp() + self.mean.square() - self.log_var - 1).sum() * (0.5 / self.mean.shape[0])

    def kl_to_per_dimension(self, prior_mean, prior_log_var):
        ratio = (self.log_var.exp() + (self.mean - prior_mean).square()) * (-prior_log_var).exp()
        return (prior_log_var - self.log_var + ratio - 1) * 0.5

    def kl_to(self, prior):
        """KL(self || prior) per example, [B], to another batch of diagonal Gaussians, in closed form."""
        return sum_except_batch(self.kl_to_per_dimension(prior.mean, prior.log_var))

    def kl_monte_carlo(self, z, prior_log_prob):
        """log q(z) - log p(z) at a sample z of q, [B]."""
        return self.log_prob(z) - prior_log_prob

    @staticmethod
    def precision_weighted(first, second):
        """The precision-weighted merge of two Gaussian estimates (the Ladder VAE, Sonderby et al., 2016)."""
        first_precision = (-first.log_var).exp()
        second_precision = (-second.log_var).exp()
        precision = first_precision + second_precision
        mean = (first.mean * first_precision + second.mean * second_precision) / precision
        return DiagonalNormal(mean, -precision.log())


class NormalHead(nn.Module):
    """Features -> q(z|x), a diagonal Gaussian, through two linear layers `mean` and `log_var`."""

    def __init__(self, in_features, latent_size):
        super().__init__()
        self.mean = nn.Linear(in_features, latent_size)
        self.log_var = nn.Linear(in_features, latent_size)

    def forward(self, features):
        return DiagonalNormal(self.mean(features), self.log_var(features))


class ConditionalNormalPrior(nn.Module):
    """p(z|z'): a diagonal Gaussian from two linear heads `mean` and `log_var` on a network of the latent above."""

    def __init__(self, network, features, latent_size):
        super().__init__()
        self.network = network
        self.mean = nn.Linear(features, latent_size)
        self.log_var = nn.Linear(features, latent_size)

    def forward(self, above):
        features = self.network(above)
        return DiagonalNormal(self.mean(features), self.log_var(features))


class NormalPrior(nn.Module):
    """A prior over a Normal latent: log p(z), samples, and KL(q || p) (closed form where there is one)."""

    def __init__(self, latent_size):
        super().__init__()
        self.latent_size = latent_size

    def closed_form_kl(self, posterior):
        return None

    def kl_per_dimension(self, posterior):
        return None

    def kl(self, posterior, sample):
        closed = self.closed_form_kl(posterior)
        return closed if closed is not None else self.kl_monte_carlo(posterior, sample)

    def kl_monte_carlo(self, posterior, sample):
        return posterior.log_prob(sample) - self.log_prob(sample)

    def kl_of_sample(self, sample):
        """log q(z|x) - log p(z) at a sample that carries its own log-density (a flowed posterior's)."""
        return sample.log_prob - self.log_prob(sample.value)

    def kl_mean(self, posterior, sample):
        return self.kl(posterior, sample).mean()


class StandardNormalPrior(NormalPrior):
    """p(z) = N(0, I)."""

    def __init__(self, latent_size):
        super().__init__(latent_size)
        # Not saved (no state_dict key): it follows the module to its device, where samples are drawn.
        self.register_buffer("device_anchor", torch.zeros(0), persistent=False)

    def log_prob(self, z):
        return sum_except_batch(z.square() + LOG_TWO_PI) * -0.5

    def sample(self, count):
        return torch.randn(count, self.latent_size, device=self.device_anchor.device)

    def closed_form_kl(self, posterior):
        return sum_except_batch(posterior.kl_to_standard_normal_per_dimension())

    def kl_per_dimension(self, posterior):
        return posterior.kl_to_standard_normal_per_dimension()

    def kl_mean(self, posterior, sample):
        return posterior.kl_to_standard_normal_mean()


class LearnedNormalPrior(NormalPrior):
    """A diagonal Gaussian with a learned `mean` and `log_var`, starting at N(0, I)."""

    def __init__(self, latent_size):
        super().__init__(latent_size)
        self.mean = nn.Parameter(torch.zeros(latent_size))
        self.log_var = nn.Parameter(torch.zeros(latent_size))

    def closed_form_kl(self, posterior):
        return sum_except_batch(posterior.kl_to_per_dimension(self.mean, self.log_var))

    def kl_per_dimension(self, posterior):
        return posterior.kl_to_per_dimension(self.mean, self.log_var)

    def log_prob(self, z):
        squared = (z - self.mean).square() * (-self.log_var).exp()
        return sum_except_batch(squared + self.log_var + LOG_TWO_PI) * -0.5

    def sample(self, count):
        return self.mean + (self.log_var * 0.5).exp() * torch.randn(count, self.mean.shape[0], device=self.mean.device)


class MixtureOfGaussiansPrior(NormalPrior):
    """A learned mixture of diagonal Gaussians: `means` [K, d] (from N(0, I)), `log_vars` [K, d], `logits` [K]."""

    def __init__(self, latent_size, components=10):
        super().__init__(latent_size)
        self.means = nn.Parameter(torch.randn(components, latent_size))
        self.log_vars = nn.Parameter(torch.zeros(components, latent_size))
        self.logits = nn.Parameter(torch.zeros(components))

    def log_prob(self, z):
        diff = z.unsqueeze(1) - self.means
        per_component = ((diff.square() * (-self.log_vars).exp()) + self.log_vars + LOG_TWO_PI).sum(2) * -0.5
        return (per_component + self.logits.log_softmax(0)).logsumexp(1)

    def sample(self, count):
        component = torch.multinomial(self.logits.softmax(0), count, replacement=True)
        mean = self.means.index_select(0, component)
        std = (self.log_vars.index_select(0, component) * 0.5).exp()
        return mean + std * torch.randn_like(mean)


class VampPrior(NormalPrior):
    """The mixture of the encoder's posteriors at learned `pseudo_inputs` (Tomczak and Welling, 2018)."""

    def __init__(self, latent_size, pseudo_inputs, encode, input_shape):
        super().__init__(latent_size)
        # A plain function, not a submodule: the encoder belongs to the model.
        self._encode = encode
        self.pseudo_inputs = nn.Parameter(torch.rand(pseudo_inputs, *input_shape))

    def log_prob(self, z):
        components = self._encode(self.pseudo_inputs)
        k = components.mean.shape[0]
        log_q = ((z.unsqueeze(1) - components.mean).square() * (-components.log_var).exp()
                 + components.log_var + math.log(2 * math.pi)).sum(2) * -0.5
        return log_q.logsumexp(1) - math.log(k)

    def sample(self, count):
        components = self._encode(self.pseudo_inputs)
        chosen = torch.randint(0, components.mean.shape[0], (count,), device=components.mean.device)
        mean = components.mean.index_select(0, chosen)
        std = (components.log_var.index_select(0, chosen) * 0.5).exp()
        return mean + std * torch.randn_like(mean)


def gumbel_temperature(progress, initial, minimum, rate):
    """tau = max(minimum, initial * exp(-rate * epoch)); outside training the final one when annealing."""
    if rate <= 0:
        return initial
    if progress.is_evaluation:
        return min(initial, minimum)
    return max(minimum, initial * math.exp(-rate * progress.epoch))


class RelaxedCategorical:
    """One-hot codes relaxed by the Gumbel-softmax: logits [B, ..., K]."""

    def __init__(self, logits):
        self.logits = logits

    @property
    def probs(self):
        return self.logits.softmax(-1)

    def rsample(self, temperature, hard=False):
        uniform = torch.rand_like(self.logits).clamp(1e-10, 1 - 1e-7)
        gumbel = -(-uniform.log()).log()
        soft = ((self.logits + gumbel) / temperature).softmax(-1)
        if not hard:
            return soft
        one_hot = F.one_hot(soft.argmax(-1), soft.shape[-1]).to(soft.dtype)
        return one_hot + (soft - soft.detach())

    def kl_to_uniform_per_variable(self):
        log_q = self.logits.log_softmax(-1)
        return ((log_q.exp() * log_q).sum(-1) + math.log(self.logits.shape[-1])).reshape(self.logits.shape[0], -1)

    def kl_to_uniform(self):
        return sum_except_batch(self.kl_to_uniform_per_variable())


class RelaxedBernoulli:
    """Bits relaxed by the binary concrete distribution: logits [B, d]."""

    def __init__(self, logits):
        self.logits = logits

    @property
    def probs(self):
        return self.logits.sigmoid()

    def rsample(self, temperature, hard=False):
        uniform = torch.rand_like(self.logits).clamp(1e-7, 1 - 1e-7)
        logistic = uniform.log() - (-uniform).log1p()
        soft = ((self.logits + logistic) / temperature).sigmoid()
        if not hard:
            return soft
        return (soft > 0.5).to(soft.dtype) + (soft - soft.detach())

    def kl_to_uniform_per_variable(self):
        q = self.logits.sigmoid()
        kl = q * F.logsigmoid(self.logits) + (1 - q) * F.logsigmoid(-self.logits) + math.log(2)
        return kl.reshape(self.logits.shape[0], -1)

    def kl_to_uniform(self):
        return sum_except_batch(self.kl_to_uniform_per_variable())
