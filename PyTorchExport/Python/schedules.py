"""Where training is, and the weight and learning-rate schedules that follow it, as in VaeDsl's Runtime."""
import math
from dataclasses import dataclass

_MAX = 2**31 - 1


@dataclass(frozen=True)
class Progress:
    """The 0-based epoch and step of a run; `Progress.evaluation()` outside training (every schedule at its end)."""
    epoch: int
    epochs: int
    step: int
    steps_per_epoch: int
    dataset_size: int = 0

    @staticmethod
    def evaluation():
        return Progress(_MAX, _MAX, 0, 0)

    @property
    def is_evaluation(self):
        return self.epoch == _MAX and self.epochs == _MAX

    @property
    def epoch_fraction(self):
        return self.epoch + self.step / self.steps_per_epoch if self.steps_per_epoch > 0 else float(self.epoch)

    @property
    def run_fraction(self):
        if self.is_evaluation or self.epochs <= 0:
            return 1.0
        return min(1.0, self.epoch_fraction / self.epochs)


class Warmup:
    """min(1, t / epochs) with fractional epochs."""

    def __init__(self, epochs=10.0):
        self.epochs = epochs

    def weight(self, progress):
        if progress.is_evaluation or self.epochs == 0:
            return 1.0
        return min(max(progress.epoch_fraction / self.epochs, 0.0), 1.0)


class Cyclical:
    """Cyclical annealing (Fu et al., 2019): a rise over the first `ratio` of each of `cycles` cycles."""

    def __init__(self, cycles=4, ratio=0.5):
        self.cycles = cycles
        self.ratio = ratio

    def weight(self, progress):
        if progress.is_evaluation or progress.run_fraction >= 1:
            return 1.0
        position = progress.run_fraction * self.cycles
        return min(1.0, (position - math.floor(position)) / self.ratio)


class FreeBits:
    """Each latent dimension's batch-mean KL counts as max(nats, KL_d) (Kingma et al., 2016)."""

    def __init__(self, nats=0.5):
        self.nats = nats

    def apply(self, kl_per_dimension):
        return kl_per_dimension.mean(0).clamp_min(self.nats).sum()

    def apply_to_group(self, kl_per_example, dimensions):
        return kl_per_example.mean().clamp_min(self.nats * dimensions)


class Capacity:
    """|KL - C(t)| with C rising to `maximum` nats over `epochs` epochs (Burgess et al., 2018)."""

    def __init__(self, maximum=25.0, epochs=100.0):
        self.maximum = maximum
        self.epochs = epochs

    def target(self, progress):
        if progress.is_evaluation or self.epochs == 0:
            return self.maximum
        return self.maximum * min(max(progress.epoch_fraction / self.epochs, 0.0), 1.0)

    def apply(self, kl, progress):
        return (kl - self.target(progress)).abs()


class StepDecay:
    """The learning rate times gamma every `every` epochs."""

    def __init__(self, every, gamma):
        self.every = every
        self.gamma = gamma

    def factor(self, progress):
        return 1.0 if progress.is_evaluation else self.gamma ** (progress.epoch // self.every)


class CosineDecay:
    """Cosine decay of the learning rate's factor from 1 to `minimum` over the run."""

    def __init__(self, minimum=0.0):
        self.minimum = minimum

    def factor(self, progress):
        return self.minimum + (1 - self.minimum) * 0.5 * (1 + math.cos(math.pi * progress.run_fraction))


class WarmupThen:
    """A linear rise over `epochs` epochs (starting one step in), times the factor of `then`."""

    def __init__(self, epochs, then=None):
        self.warmup = Warmup(epochs)
        self.then = then

    def factor(self, progress):
        at = progress if progress.is_evaluation else Progress(
            progress.epoch, progress.epochs, progress.step + 1, progress.steps_per_epoch, progress.dataset_size)
        return self.warmup.weight(at) * (self.then.factor(progress) if self.then is not None else 1.0)
