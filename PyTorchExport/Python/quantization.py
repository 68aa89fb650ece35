"""Quantised latents (VQ-VAE) as VaeDsl's Runtime computes them: the vector quantiser, with its codebook loss or moving
averages and its dead-code restarts, the codebook's usage and perplexity, and the categorical prior over codes fitted
after training (same formulas, same random draws)."""
import math
from typing import NamedTuple

import torch
import torch.distributed as dist
from torch import nn
from torch.nn import functional as F

from .distributions import sum_except_batch


class Quantization(NamedTuple):
    """One batch quantised by a VectorQuantizer: the encoder's output z_e [B, D] or [B, D, ...positions], the nearest
    codes in its shape with straight-through gradients (the forward value is the codes, the gradient passes to the
    inputs unchanged), the index of the nearest code at each position [B] or [B, ...positions], and per example [B]
    the codebook loss ||sg[z_e] - e||^2 and the commitment loss ||z_e - sg[e]||^2, summed over positions and code
    dimensions."""

    inputs: torch.Tensor
    quantized: torch.Tensor
    codes: torch.Tensor
    codebook_loss: torch.Tensor
    commitment_loss: torch.Tensor


def nearest_codes(flat, codebook):
    """The index of the nearest code (squared Euclidean distance; the lower index on a tie) of each row of `flat`
    [N, D] in `codebook` [K, D], [N]."""
    with torch.no_grad():
        distances = flat.square().sum(1, keepdim=True) - 2 * flat.mm(codebook.t()) + codebook.square().sum(1).unsqueeze(0)
        return distances.argmin(1)


def usage(counts):
    """The fraction of codes assigned at least once, from counts [K]."""
    return counts.gt(0).sum().item() / counts.numel()


def perplexity(counts):
    """exp(H(p)) of the average code distribution p = counts / sum(counts) (0 log 0 = 0): from 1 (one code) to K
    (every code equally)."""
    p = counts.double() / counts.double().sum().clamp_min(1.0)
    entropy = -(p * torch.where(p.gt(0), p, torch.ones_like(p)).log()).sum()
    return math.exp(entropy.item())


def _summed_over_processes(tensor):
    """The sum of `tensor` over the processes of a torchrun job (in place), so every process sees the same counts."""
    if dist.is_available() and dist.is_initialized():
        dist.all_reduce(tensor)
    return tensor


class VectorQuantizer(nn.Module):
    """`latent z ~ VectorQuantized(codes, dim, ...)`: a codebook of `codes` vectors of `dim` numbers; each position of
    the encoder's output (its first dimension after the batch is the code dimension) is replaced by its nearest code,
    with straight-through gradients (van den Oord et al., 2017). The codebook is learned by the codebook loss, or with
    `ema` by moving averages of the encoder outputs assigned to each code with Laplace-smoothed counts (as DeepMind's
    Sonnet). With `restart`, codes no output was assigned to since the last check take encoder outputs of the next
    training batch; checks come after every epoch (`end_epoch`), or every `restart_every` training steps.
    state_dict keys: `embedding` (a parameter, or a buffer with `ema`), and with `ema` `cluster_size` and
    `embedding_sum`. Under torchrun the processes sum their counts and moving-average statistics and take the restarted
    codes from the first process, so they keep one codebook."""

    def __init__(self, codes, dim, commitment=0.25, ema=False, decay=0.99, epsilon=1e-5, restart=False, restart_every=0):
        super().__init__()
        self.codes = codes
        self.dim = dim
        self.commitment = commitment
        self.ema = ema
        self.decay = decay
        self.epsilon = epsilon
        self.restart = restart
        self.restart_every = restart_every
        if ema:
            # As Sonnet's VectorQuantizerEMA: normal codes, zero counts, sums equal to the codes.
            embedding = torch.randn(codes, dim)
            self.register_buffer("embedding", embedding)
            self.register_buffer("cluster_size", torch.zeros(codes))
            self.register_buffer("embedding_sum", embedding.clone())
        else:
            self.embedding = nn.Parameter(torch.empty(codes, dim).uniform_(-1.0 / codes, 1.0 / codes))
        # Assignment counts of the training epoch (usage, perplexity) and since the last restart check: not state of the model.
        self.epoch_counts = None
        self.check_counts = None
        self.steps_since_check = 0
        self.check_due = False
        self.restarted = 0
        # Assignment counts of an evaluation (begin_evaluation to end_evaluation), in eval mode only.
        self.counting_evaluation = False
        self.evaluation_counts = None

    def quantize(self, inputs):
        """Quantises a batch [B, D] or [B, D, ...positions]. In training mode it also counts the assignments, restarts
        dead codes when a check is due (before assigning, so the batch may use them at once) and, with moving averages,
        updates the codebook after assigning (the batch is quantised with the codebook it was assigned with)."""
        if inputs.dim() < 2 or inputs.shape[1] != self.dim:
            raise ValueError(f"vector quantiser: needs inputs [batch, {self.dim}, ...] but got {list(inputs.shape)}")
        channels_last = inputs.movedim(1, -1) if inputs.dim() > 2 else inputs
        flat = channels_last.reshape(-1, self.dim)
        if self.training:
            self._restart_if_due(flat)
        codes = nearest_codes(flat, self.embedding)
        quantized = self.embedding.index_select(0, codes).reshape(channels_last.shape)
        if self.training:
            self._count(codes)
            if self.ema:
                self._update_moving_averages(flat, codes)
        elif self.counting_evaluation:
            # Not summed over processes: the training loop evaluates on rank 0 alone.
            counts = codes.detach().bincount(minlength=self.codes)
            self.evaluation_counts = counts if self.evaluation_counts is None else self.evaluation_counts + counts
        if inputs.dim() > 2:
            quantized = quantized.movedim(-1, 1)
        codebook_loss = sum_except_batch((quantized - inputs.detach()).square())
        commitment_loss = sum_except_batch((inputs - quantized.detach()).square())
        straight_through = inputs + (quantized - inputs).detach()
        return Quantization(inputs, straight_through, codes.reshape(channels_last.shape[:-1]), codebook_loss, commitment_loss)

    def loss(self, quantization):
        """The vq term, averaged over the batch: the codebook loss plus beta times the commitment loss; with moving
        averages only beta times the commitment loss (the codebook is not learned by gradients)."""
        commitment = quantization.commitment_loss * self.commitment
        return (commitment if self.ema else quantization.codebook_loss + commitment).mean()

    def lookup(self, codes):
        """The code vectors of `codes` [B] or [B, ...positions], laid out as the encoder's output."""
        vectors = self.embedding.index_select(0, codes.flatten()).reshape(*codes.shape, self.dim)
        return vectors.movedim(-1, 1) if codes.dim() > 1 else vectors

    def end_epoch(self):
        """Ends a training epoch: the codebook's usage and perplexity over the epoch's training batches and, with
        `restart`, the codes restarted in the epoch, by name; marks a restart check due when checks are per epoch.
        Empty when no training batch was quantised since the last call."""
        if self.epoch_counts is None:
            return {}
        figures = {"usage": usage(self.epoch_counts), "perplexity": perplexity(self.epoch_counts)}
        if self.restart:
            figures["restarted"] = self.restarted
        self.epoch_counts = None
        self.restarted = 0
        self.check_due = self.restart and self.restart_every == 0
        return figures

    def begin_evaluation(self):
        """Starts counting the codes assigned to the batches quantised in eval mode until `end_evaluation`."""
        self.evaluation_counts = None
        self.counting_evaluation = True

    def end_evaluation(self):
        """Ends an evaluation: the codebook's usage and perplexity over the batches quantised in eval mode since
        `begin_evaluation`, by name, as `end_epoch` gives them for the training batches. Empty when no batch was
        quantised."""
        self.counting_evaluation = False
        counts, self.evaluation_counts = self.evaluation_counts, None
        if counts is None:
            return {}
        return {"usage": usage(counts), "perplexity": perplexity(counts)}

    @torch.no_grad()
    def _count(self, codes):
        counts = _summed_over_processes(codes.bincount(minlength=self.codes))
        self.epoch_counts = counts.clone() if self.epoch_counts is None else self.epoch_counts + counts
        if self.restart:
            self.check_counts = counts.clone() if self.check_counts is None else self.check_counts + counts
            self.steps_since_check += 1
            self.check_due |= self.restart_every > 0 and self.steps_since_check >= self.restart_every

    @torch.no_grad()
    def _update_moving_averages(self, flat, codes):
        # N_k <- decay N_k + (1 - decay) n_k, m_k <- decay m_k + (1 - decay) sum of the z assigned to k,
        # e_k = m_k / ((N_k + eps) / (sum N + K eps) * sum N).
        assigned = F.one_hot(codes, self.codes).to(flat.dtype)
        counts = _summed_over_processes(assigned.sum(0))
        sums = _summed_over_processes(assigned.t().mm(flat.detach()))
        self.cluster_size.mul_(self.decay).add_(counts, alpha=1 - self.decay)
        self.embedding_sum.mul_(self.decay).add_(sums, alpha=1 - self.decay)
        total = self.cluster_size.sum()
        smoothed = (self.cluster_size + self.epsilon) / (total + self.codes * self.epsilon) * total
        self.embedding.copy_(self.embedding_sum / smoothed.unsqueeze(1))

    @torch.no_grad()
    def _restart_if_due(self, flat):
        # Codes no output was assigned to since the last check take encoder outputs of this batch, drawn at random.
        if not self.restart or not self.check_due:
            return
        self.check_due = False
        self.steps_since_check = 0
        if self.check_counts is None:
            return
        dead = self.check_counts.eq(0).nonzero().flatten()
        self.check_counts.zero_()
        if dead.numel() == 0:
            return
        replacement = flat.detach().index_select(0, torch.randint(flat.shape[0], (dead.numel(),), device=flat.device))
        if dist.is_available() and dist.is_initialized():
            dist.broadcast(replacement, 0)
        self.embedding.index_copy_(0, dead, replacement)
        if self.ema:
            # A restarted code counts as one assignment of its new vector, so the moving average starts there.
            self.cluster_size.index_fill_(0, dead, 1.0)
            self.embedding_sum.index_copy_(0, dead, replacement)
        self.restarted += dead.numel()


class FittedCategoricalPrior(nn.Module):
    """`prior z ~ FittedCategorical` of a quantised latent: an independent categorical over the codes at each position,
    fitted after training by counting the codes the encoder assigns to the training set (the maximum-likelihood
    frequencies); uniform until it is fitted. state_dict key: `probabilities`, [positions, K]."""

    def __init__(self, codes, code_shape):
        """`code_shape` is one example's quantised latent: [D] (one position) or [D, ...positions]."""
        super().__init__()
        self.codes = codes
        self.positions = tuple(code_shape[1:])
        self.register_buffer("probabilities", torch.full((math.prod(self.positions), codes), 1.0 / codes))

    @torch.no_grad()
    def fit(self, batches, codes_of):
        """Fits the prior to the codes `codes_of` gives [B, ...positions] for each batch of inputs of the data set
        `batches`, moved to the prior's device."""
        device = self.probabilities.device
        rows = self.probabilities.shape[0]
        counts = torch.zeros(rows * self.codes, dtype=torch.float64, device=device)
        offsets = torch.arange(rows, device=device) * self.codes
        for batch in batches:
            codes = codes_of(batch.to(device)).reshape(-1, rows)
            counts += (codes + offsets).flatten().bincount(minlength=rows * self.codes).double()
        if counts.sum() == 0:
            raise ValueError("the data set to fit the prior to is empty")
        table = counts.reshape(rows, self.codes)
        self.probabilities.copy_(table / table.sum(1, keepdim=True))

    def log_prob(self, codes):
        """log p(codes) per example, [B], for codes [B, ...positions]: the sum over positions."""
        rows = self.probabilities.shape[0]
        flat = codes.reshape(-1, rows)
        return self.probabilities.log().unsqueeze(0).expand(flat.shape[0], rows, self.codes).gather(2, flat.unsqueeze(2)).squeeze(2).sum(1)

    def sample(self, count):
        """`count` codes drawn from the prior, [count, ...positions], from the global generator."""
        return self.probabilities.multinomial(count, replacement=True).t().reshape(count, *self.positions)
