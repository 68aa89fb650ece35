#!/usr/bin/env python3
"""Reference VAE on MNIST in PyTorch: the fully connected VAE of the PyTorch examples repository.

Model: x(784) -> fc1 400 -> ReLU -> (fc21, fc22) 20 = (mu, logvar); z = mu + exp(logvar/2) * eps;
z -> fc3 400 -> ReLU -> fc4 784 = Bernoulli logits.
Loss per batch (summed, not averaged): binary_cross_entropy_with_logits(logits, x, reduction="sum")
+ KL(q(z|x) || N(0, I)) = -0.5 * sum(1 + logvar - mu^2 - exp(logvar)). Adam, lr 1e-3, batch 128.

Random-number calls, in order, so another libtorch-based implementation can follow the same trajectory:
torch.manual_seed(seed); create fc1, fc21, fc22, fc3, fc4 (default nn.Linear initialisation); then per epoch
torch.randperm(train count) for the batch order, one torch.randn_like(std) of shape [batch, 20] per training
batch, and one per test batch (test batches of 128 in file order; z is sampled at test time too,
as in the original example, so the test loss is a one-sample estimate of the negative ELBO).

Losses are in nats per image: the epoch's summed loss divided by the number of images.

Run with Debian's PyTorch: /usr/bin/python3 bench/pytorch/mnist_mlp.py --epochs 10 --seed 42 --threads 2 --out r.json
"""
import argparse
import gzip
import json
import os
import platform
import struct
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

IMAGE_PIXELS = 28 * 28
LATENT = 20
HIDDEN = 400
BATCH = 128
LEARNING_RATE = 1e-3
DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "mnist")


def read_idx_ubyte(path):
    """Read an unsigned-byte IDX file, gzipped or not (recognised by content); return (shape, bytes)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08 or raw[3] == 0:
        sys.exit("error: %s does not start with an unsigned-byte IDX magic number" % path)
    rank = raw[3]
    header = 4 + 4 * rank
    shape = struct.unpack(">%dI" % rank, raw[4:header])
    count = 1
    for size in shape:
        count *= size
    if len(raw) != header + count:
        sys.exit("error: %s has %d bytes but its header declares shape %s (%d bytes)"
                 % (path, len(raw), list(shape), header + count))
    return shape, raw[header:]


def load_split(directory, prefix):
    """Images as float32 [N, 784] in 0..1 and labels as int64 [N]."""
    def find(name):
        for candidate in (name + ".gz", name):
            path = os.path.join(directory, candidate)
            if os.path.isfile(path):
                return path
        sys.exit("error: %s(.gz) not found in %s" % (name, directory))

    shape, pixels = read_idx_ubyte(find(prefix + "-images-idx3-ubyte"))
    label_shape, labels = read_idx_ubyte(find(prefix + "-labels-idx1-ubyte"))
    if len(shape) != 3 or shape[1:] != (28, 28) or label_shape != shape[:1]:
        sys.exit("error: %s images %s and labels %s do not match" % (prefix, list(shape), list(label_shape)))
    images = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).reshape(shape[0], IMAGE_PIXELS)
    return images.to(torch.float32) / 255.0, torch.frombuffer(bytearray(labels), dtype=torch.uint8).to(torch.int64)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(IMAGE_PIXELS, HIDDEN)
        self.fc21 = nn.Linear(HIDDEN, LATENT)
        self.fc22 = nn.Linear(HIDDEN, LATENT)
        self.fc3 = nn.Linear(LATENT, HIDDEN)
        self.fc4 = nn.Linear(HIDDEN, IMAGE_PIXELS)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode_logits(self, z):
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decode_logits(z), mu, logvar


def loss_function(logits, x, mu, logvar):
    """Negative ELBO summed over the batch: Bernoulli negative log-likelihood plus KL to the standard normal prior."""
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return reconstruction + kl


def train_epoch(model, optimizer, images):
    model.train()
    order = torch.randperm(images.shape[0])
    total = 0.0
    for start in range(0, images.shape[0], BATCH):
        x = images[order[start:start + BATCH]]
        optimizer.zero_grad()
        logits, mu, logvar = model(x)
        loss = loss_function(logits, x, mu, logvar)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / images.shape[0]


def test_loss(model, images):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, images.shape[0], BATCH):
            x = images[start:start + BATCH]
            logits, mu, logvar = model(x)
            total += loss_function(logits, x, mu, logvar).item()
    return total / images.shape[0]


def serve(model, optimizer, images):
    """Train one epoch per line "epoch" read from standard input and answer each with a JSON line of its loss and
    seconds, until standard input closes: a benchmark interleaves these epochs with its own in one rhythm."""
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "epoch":
            sys.exit("error: expected the line 'epoch', got %r" % line.strip())
        started = time.perf_counter()
        loss = train_epoch(model, optimizer, images)
        print(json.dumps({"train_loss": loss, "train_seconds": time.perf_counter() - started}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder with the four MNIST IDX files (default: data/mnist)")
    parser.add_argument("--out", help="write the results as JSON to this file")
    parser.add_argument("--serve", action="store_true", help="train one epoch per line 'epoch' on standard input (see serve)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    train_images, _ = load_split(args.data, "train")
    test_images, _ = load_split(args.data, "t10k")

    torch.manual_seed(args.seed)
    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    if args.serve:
        serve(model, optimizer, train_images)
        return

    epochs = []
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        train = train_epoch(model, optimizer, train_images)
        train_seconds = time.perf_counter() - started
        test = test_loss(model, test_images)
        test_seconds = time.perf_counter() - started - train_seconds
        record = {
            "epoch": epoch,
            "train_loss": train,
            "test_loss": test,
            "train_seconds": train_seconds,
            "test_seconds": test_seconds,
            "train_images_per_second": train_images.shape[0] / train_seconds,
        }
        epochs.append(record)
        print("epoch %2d  train %.4f  test %.4f nats/image  %.2f s  %.0f images/s"
              % (epoch, train, test, train_seconds, record["train_images_per_second"]), flush=True)

    total_train_seconds = sum(e["train_seconds"] for e in epochs)
    result = {
        "model": "PyTorch-examples VAE 784-400-20-400-784, Bernoulli logits, Adam 1e-3, batch 128",
        "loss_unit": "nats per image (summed negative ELBO / image count)",
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "machine": platform.platform(),
        "threads": torch.get_num_threads(),
        "seed": args.seed,
        "train_images": train_images.shape[0],
        "test_images": test_images.shape[0],
        "epochs": epochs,
        "final_test_loss": epochs[-1]["test_loss"] if epochs else None,
        "total_train_seconds": total_train_seconds,
        "train_images_per_second": (train_images.shape[0] * len(epochs) / total_train_seconds) if epochs else None,
    }
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
    print("final test loss %.4f nats/image; %.0f train images/s over %d epochs"
          % (result["final_test_loss"], result["train_images_per_second"], len(epochs)))


if __name__ == "__main__":
    main()
