#!/usr/bin/env python3
"""Reference for Examples/Hierarchical in PyTorch: Burda et al.'s (2016) one- and two-stochastic-layer VAEs.

Written from the paper's equations, not from the PyTorch export, so that it checks the generated models (and the
export, whose parity tests only check that both sides compute the same thing) against an independent reading of the
models:

- one: x(784) -> 200 tanh -> 200 tanh -> z (50 or --latent, diagonal Normal); z -> 200 tanh -> 200 tanh -> 784 Bernoulli logits;
  p(z) = N(0, I); the KL in closed form.
- two: x -> 200 tanh -> 200 tanh -> z1 (100); z1 -> 100 tanh -> 100 tanh -> z2 (50), inferred bottom-up, q(z1|x)
  q(z2|z1); p(z2) = N(0, I), p(z1|z2) a diagonal Normal from 100 tanh -> 100 tanh of z2, p(x|z1) as above. The KL of
  z1 is the one-sample log q(z1|x) - log p(z1|z2), that of z2 the closed form at the sampled z1.
- ladder: two's generative model inferred top-down, as in the Ladder VAE (Sønderby et al., 2016); both KLs in
  closed form, z1's given the sample of z2.

Trained on the negative ELBO (mean over the batch) with Adam; the test log p(x) is importance-sampled with k samples
per digit, each a whole path (z1, z2). The pixels are the grey levels in [0, 1], as the C# example reads them;
--binarize dynamic draws each training batch afresh and the test set once (seed 1).

Run with Debian's PyTorch: /usr/bin/python3 bench/pytorch/hierarchical.py --model two --epochs 10
"""
import argparse
import gzip
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist")


def read_images(path):
    with gzip.open(path) as f:
        data = f.read()
    count = int.from_bytes(data[4:8], "big")
    pixels = np.frombuffer(data, np.uint8, offset=16).reshape(count, 784)
    return torch.tensor(pixels.astype(np.float32) / 255.0)


def tanh_mlp(inputs, width):
    return nn.Sequential(nn.Linear(inputs, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh())


class NormalHead(nn.Module):
    """A diagonal Normal's mean and log-variance, two linear maps of the features."""

    def __init__(self, features, size):
        super().__init__()
        self.mean = nn.Linear(features, size)
        self.log_var = nn.Linear(features, size)

    def forward(self, h):
        return self.mean(h), self.log_var(h)


def normal_log_prob(z, mean, log_var):
    return (-0.5 * (math.log(2 * math.pi) + log_var + (z - mean) ** 2 / log_var.exp())).sum(-1)


def standard_normal_kl(mean, log_var):
    return 0.5 * (mean ** 2 + log_var.exp() - 1 - log_var).sum(-1)


def sample(mean, log_var):
    return mean + (0.5 * log_var).exp() * torch.randn_like(mean)


def bernoulli_log_prob(logits, x):
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1)


class OneLayer(nn.Module):
    def __init__(self, latent):
        super().__init__()
        self.encoder = tanh_mlp(784, 200)
        self.z = NormalHead(200, latent)
        self.decoder = nn.Sequential(tanh_mlp(latent, 200), nn.Linear(200, 784))

    def terms(self, x):
        """Per digit: log p(x|z), the KL terms, and the log importance weight of the sampled z."""
        mean, log_var = self.z(self.encoder(x))
        z = sample(mean, log_var)
        log_px = bernoulli_log_prob(self.decoder(z), x)
        log_weight = log_px + normal_log_prob(z, torch.zeros_like(z), torch.zeros_like(z)) - normal_log_prob(z, mean, log_var)
        return log_px, [standard_normal_kl(mean, log_var)], log_weight


class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = tanh_mlp(784, 200)
        self.z1 = NormalHead(200, 100)
        self.z2_network = tanh_mlp(100, 100)
        self.z2 = NormalHead(100, 50)
        self.z1_prior_network = tanh_mlp(50, 100)
        self.z1_prior = NormalHead(100, 100)
        self.decoder = nn.Sequential(tanh_mlp(100, 200), nn.Linear(200, 784))

    def terms(self, x):
        mean1, log_var1 = self.z1(self.encoder(x))
        z1 = sample(mean1, log_var1)
        mean2, log_var2 = self.z2(self.z2_network(z1))
        z2 = sample(mean2, log_var2)
        prior_mean1, prior_log_var1 = self.z1_prior(self.z1_prior_network(z2))
        log_px = bernoulli_log_prob(self.decoder(z1), x)
        log_q1, log_p1 = normal_log_prob(z1, mean1, log_var1), normal_log_prob(z1, prior_mean1, prior_log_var1)
        log_weight = (log_px + log_p1 + normal_log_prob(z2, torch.zeros_like(z2), torch.zeros_like(z2))
                      - log_q1 - normal_log_prob(z2, mean2, log_var2))
        return log_px, [log_q1 - log_p1, standard_normal_kl(mean2, log_var2)], log_weight


class Ladder(nn.Module):
    """TwoLayer's generative model inferred top-down (Sønderby et al., 2016): a deterministic pass d1 = f(x),
    d2 = g(d1), q(z2|x) from d2, and q(z1|x, z2) the precision-weighted merge of the estimate from d1 with p(z1|z2)."""

    def __init__(self):
        super().__init__()
        self.encoder = tanh_mlp(784, 200)
        self.z1 = NormalHead(200, 100)
        self.z2_network = tanh_mlp(200, 100)
        self.z2 = NormalHead(100, 50)
        self.z1_prior_network = tanh_mlp(50, 100)
        self.z1_prior = NormalHead(100, 100)
        self.decoder = nn.Sequential(tanh_mlp(100, 200), nn.Linear(200, 784))

    def terms(self, x):
        d1 = self.encoder(x)
        estimate_mean, estimate_log_var = self.z1(d1)
        mean2, log_var2 = self.z2(self.z2_network(d1))
        z2 = sample(mean2, log_var2)
        prior_mean1, prior_log_var1 = self.z1_prior(self.z1_prior_network(z2))
        precision = (-estimate_log_var).exp() + (-prior_log_var1).exp()
        log_var1 = -precision.log()
        mean1 = (estimate_mean * (-estimate_log_var).exp() + prior_mean1 * (-prior_log_var1).exp()) / precision
        z1 = sample(mean1, log_var1)
        log_px = bernoulli_log_prob(self.decoder(z1), x)
        kl1 = 0.5 * (prior_log_var1 - log_var1 + (log_var1.exp() + (mean1 - prior_mean1) ** 2) / prior_log_var1.exp() - 1).sum(-1)
        log_weight = (log_px + normal_log_prob(z1, prior_mean1, prior_log_var1) - normal_log_prob(z1, mean1, log_var1)
                      + normal_log_prob(z2, torch.zeros_like(z2), torch.zeros_like(z2)) - normal_log_prob(z2, mean2, log_var2))
        return log_px, [kl1, standard_normal_kl(mean2, log_var2)], log_weight


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["one", "two", "ladder"], required=True)
    parser.add_argument("--latent", type=int, default=50, help="the one-layer model's latent size")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--samples", type=int, default=100, help="importance samples per test digit")
    parser.add_argument("--binarize", choices=["none", "dynamic"], default="none")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default=DEFAULT_DATA)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    train = read_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"))
    test = read_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))
    if args.binarize == "dynamic":
        test = torch.bernoulli(test, generator=torch.Generator().manual_seed(1))
    torch.manual_seed(args.seed)
    model = {"one": lambda: OneLayer(args.latent), "two": TwoLayer, "ladder": Ladder}[args.model]()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    print("epoch  test -ELBO  recon  KL per layer  seconds")
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        model.train()
        order = torch.randperm(len(train))
        for first in range(0, len(train), args.batch):
            x = train[order[first:first + args.batch]]
            if args.binarize == "dynamic":
                x = torch.bernoulli(x)
            log_px, kls, _ = model.terms(x)
            loss = (-log_px + sum(kls)).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            log_px, kls, _ = model.terms(test)
        recon, kl = -log_px.mean().item(), [k.mean().item() for k in kls]
        print(f"{epoch:5d}  {recon + sum(kl):10.2f}  {recon:6.2f}  {' '.join(f'{k:.2f}' for k in kl):>12}  {time.time() - started:7.1f}")

    with torch.no_grad():
        estimates = []
        for first in range(0, len(test), 100):
            x = test[first:first + 100]
            weights = torch.stack([model.terms(x)[2] for _ in range(args.samples)])
            estimates.append(torch.logsumexp(weights, 0) - math.log(args.samples))
        estimates = torch.cat(estimates)
    print(f"test log p(x), k = {args.samples}, {len(estimates)} digits: {estimates.mean().item():.2f} nats")


if __name__ == "__main__":
    main()
