"""Training as VaeDsl's Trainer does it (same seed, same order of random draws), in one process or, when started by
torchrun, with DistributedDataParallel over every process (gloo on CPUs, nccl on GPUs)."""
import json
import math
import os
import time

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

from .schedules import Progress


class Objective(nn.Module):
    """The model's total loss as a forward pass, so DistributedDataParallel can synchronise its gradients."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x, condition, progress):
        loss = self.model.loss(x, condition, progress)
        return loss["total"], loss


def make_optimizer(model, settings):
    parameters = list(model.parameters())
    name, lr = settings["optimizer"], settings["lr"]
    if name == "adam":
        return torch.optim.Adam(parameters, lr=lr, betas=(settings["beta1"], settings["beta2"]), eps=settings["eps"], weight_decay=settings["weight_decay"])
    if name == "adamw":
        return torch.optim.AdamW(parameters, lr=lr, betas=(settings["beta1"], settings["beta2"]), eps=settings["eps"], weight_decay=settings["weight_decay"])
    if name == "sgd":
        return torch.optim.SGD(parameters, lr=lr, momentum=settings["momentum"], weight_decay=settings["weight_decay"], nesterov=settings["nesterov"])
    return torch.optim.RMSprop(parameters, lr=lr, alpha=settings["alpha"], eps=settings["eps"], momentum=settings["momentum"], weight_decay=settings["weight_decay"])


class Distributed:
    """This process's place in a torchrun job; one process alone when torchrun did not start it."""

    def __init__(self, device="cpu"):
        """`device` is the model's setting: cpu, cuda, cuda:N or auto (cuda when there is one); under torchrun each
        process takes the GPU of its local rank."""
        self.world_size = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.enabled = self.world_size > 1
        if device == "cpu" or (device == "auto" and not torch.cuda.is_available()):
            self.device = torch.device("cpu")
        else:
            self.device = torch.device("cuda", self.local_rank) if self.enabled or device in ("cuda", "auto") else torch.device(device)
            torch.cuda.set_device(self.device)
        if self.enabled:
            dist.init_process_group(backend="nccl" if self.device.type == "cuda" else "gloo")

    @property
    def is_main(self):
        return self.rank == 0

    def sum(self, values):
        """The sums over every process of a list of floats."""
        tensor = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.enabled:
            dist.all_reduce(tensor)
        return tensor.tolist()

    def close(self):
        if self.enabled:
            dist.destroy_process_group()


@torch.no_grad()
def evaluate(model, x, y, batch_size, device, binarize=False):
    """The mean loss and terms per example over a data set, in eval mode, batches in order (each binarised afresh from
    the global generator with `binarize`, as the C# trainer does with a validation set under dynamic binarisation), and
    the model's figures over its batches (a codebook's usage and perplexity: `begin_evaluation`, `end_evaluation`)."""
    model.eval()
    if hasattr(model, "begin_evaluation"):
        model.begin_evaluation()
    total, terms, count = 0.0, None, x.shape[0]
    for start in range(0, count, batch_size):
        xb = x[start:start + batch_size]
        xb = (torch.bernoulli(xb) if binarize else xb).to(device)
        yb = y[start:start + batch_size].to(device) if model.uses_condition else None
        loss = model.loss(xb, yb, Progress.evaluation())
        value = loss["total"].item()
        if not math.isfinite(value):
            raise FloatingPointError(f"the loss of test batch {start}..{start + xb.shape[0]} is {value}")
        size = xb.shape[0]
        total += value * size
        terms = {k: v.item() * size for k, v in loss.items() if k != "total"} if terms is None else {k: terms[k] + loss[k].item() * size for k in terms}
    statistics = model.end_evaluation() if hasattr(model, "end_evaluation") else {}
    return total / count, {k: v / count for k, v in terms.items()}, statistics


def format_figure(value):
    """A statistic as the C# trainer prints it: at most three decimals, no trailing zeros."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def fit(model, settings, train_x, train_y, test_x, test_y, out, world, log=print, resume=False, binarize=False):
    """Trains `model` for settings['epochs'] epochs, writing out/metrics.jsonl and, after every epoch, out/checkpoint.pt
    (rank 0 alone). With `resume`, a run that finds out/checkpoint.pt goes on from it: weights, optimiser state,
    epoch and random state. With `binarize` (dynamic binarisation), every training batch is drawn afresh from the
    global generator as it is taken, before the model's noise, in the C# trainer's order. A model with figures of its
    own over an epoch (a codebook's usage and perplexity: `end_training_epoch`) has them reported after the losses, then
    the same figures over the test set (`test usage`, `test_usage`, …: `end_evaluation`), and one that fits part of itself once trained (a prior over codes: `fit_after_training`) is fitted to the training
    set (without the validation examples) when the run ends."""
    torch.manual_seed(settings["seed"])
    batch_size, epochs = settings["batch"], settings["epochs"]
    validation = None
    if settings["validation"] > 0:
        held = math.ceil(settings["validation"] * train_x.shape[0])
        kept = train_x.shape[0] - held
        validation = (train_x[kept:], train_y[kept:] if train_y is not None else None)
        train_x, train_y = train_x[:kept], (train_y[:kept] if train_y is not None else None)
    count = train_x.shape[0]
    optimizer = make_optimizer(model, settings)
    checkpoint_path = os.path.join(out, "checkpoint.pt")
    first_epoch = 0
    if resume and os.path.exists(checkpoint_path):
        checkpoint = torch.load(checkpoint_path, map_location=world.device)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        torch.set_rng_state(checkpoint["generator"].cpu())
        first_epoch = checkpoint["epoch"]
        if world.is_main:
            log(f"resuming from {checkpoint_path} after epoch {first_epoch}")
    objective = Objective(model)
    if world.enabled:
        objective = DistributedDataParallel(objective, device_ids=[world.device] if world.device.type == "cuda" else None)
    sampler = DistributedSampler(range(count), num_replicas=world.world_size, rank=world.rank, shuffle=True, seed=settings["seed"]) if world.enabled else None
    local = count if sampler is None else len(sampler)
    steps_per_epoch = (local + batch_size - 1) // batch_size
    schedule = settings["schedule"]
    best, without_improvement = math.inf, 0
    if world.is_main:
        os.makedirs(out, exist_ok=True)
        metrics = open(os.path.join(out, "metrics.jsonl"), "a" if first_epoch > 0 else "w", encoding="utf-8")
    for epoch in range(first_epoch, epochs):
        clock = time.perf_counter()
        model.train()
        if sampler is None:
            order = torch.randperm(count)
        else:
            sampler.set_epoch(epoch)
            order = torch.tensor(list(sampler), dtype=torch.int64)
        sums = None
        for step in range(steps_per_epoch):
            indices = order[step * batch_size:(step + 1) * batch_size]
            x = train_x.index_select(0, indices)
            x = (torch.bernoulli(x) if binarize else x).to(world.device)
            y = train_y.index_select(0, indices).to(world.device) if model.uses_condition else None
            progress = Progress(epoch, epochs, step, steps_per_epoch, count)
            total, loss = objective(x, y, progress)
            if not math.isfinite(total.item()):
                raise FloatingPointError(f"epoch {epoch + 1}, step {step + 1}: the loss is {total.item()}")
            optimizer.zero_grad()
            total.backward()
            if settings["clip"] > 0:
                nn.utils.clip_grad_norm_(model.parameters(), settings["clip"])
            if schedule is not None:
                for group in optimizer.param_groups:
                    group["lr"] = settings["lr"] * schedule.factor(progress)
            optimizer.step()
            values = torch.stack([v.detach().reshape(()).double() for v in loss.values()]) * x.shape[0]
            sums = values if sums is None else sums + values
        names = list(loss.keys())
        statistics = model.end_training_epoch() if hasattr(model, "end_training_epoch") else {}
        totals = world.sum(sums.tolist() + [float(local)])
        examples = totals[-1]
        train = {name: totals[i] / examples for i, name in enumerate(names)}
        seconds = time.perf_counter() - clock
        if world.is_main:
            # The validation set first, then the test set, as the Trainer does: both draw noise from the generator.
            validation_loss = None if validation is None else evaluate(model, validation[0], validation[1], batch_size, world.device, binarize)[0]
            test_loss, _, test_statistics = evaluate(model, test_x, test_y, batch_size, world.device)
            row = {"epoch": epoch + 1, "train_loss": train["total"], "test_loss": test_loss, "seconds": seconds,
                   "images_per_second": examples / seconds}
            if validation_loss is not None:
                row["validation_loss"] = validation_loss
            row.update(statistics)
            row.update({f"test_{name}": value for name, value in test_statistics.items()})
            row.update({f"train_{name}": value for name, value in train.items() if name != "total"})
            metrics.write(json.dumps(row) + "\n")
            metrics.flush()
            torch.save({"epoch": epoch + 1, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "generator": torch.get_rng_state()}, checkpoint_path + ".tmp")
            os.replace(checkpoint_path + ".tmp", checkpoint_path)
            figures = ("".join(f"   {name} {format_figure(value)}" for name, value in statistics.items())
                       + "".join(f"   test {name} {format_figure(value)}" for name, value in test_statistics.items()))
            log(f"epoch {epoch + 1:3d}   train {train['total']:8.2f}   test {test_loss:8.2f}   nats/example   "
                f"{seconds:5.1f} s   {examples / seconds:7.0f} images/s{figures}")
            monitored = row.get("validation_loss", test_loss)
        stop = False
        if settings["patience"] > 0:
            flag = torch.zeros(1, device=world.device)
            if world.is_main:
                if monitored < best:
                    best, without_improvement = monitored, 0
                else:
                    without_improvement += 1
                flag += float(without_improvement >= settings["patience"])
            if world.enabled:
                dist.broadcast(flag, 0)
            stop = bool(flag.item())
        if stop:
            break
    if world.is_main:
        metrics.close()
    if hasattr(model, "fit_after_training"):
        # As the C# trainer: the training examples in order, in batches, each binarised afresh with `binarize`; every
        # process fits, so each ends with the whole model.
        model.eval()
        with torch.no_grad():
            model.fit_after_training(torch.bernoulli(batch) if binarize else batch for batch in train_x.split(batch_size))
