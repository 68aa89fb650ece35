#!/usr/bin/env python3
"""Reference convolutional VAE on MNIST in PyTorch: the architecture of Examples/MnistConv/MnistConv.vae.

Encoder: x [1, 28, 28] -> conv 32 (3x3, stride 2, pad 1) -> ReLU -> conv 64 (3x3, stride 2, pad 1) -> ReLU -> flatten
(3136) -> linear 16 -> ReLU -> (linear 2, linear 2) = (mu, logvar); z = mu + exp(logvar/2) * eps.
Decoder: z -> linear 3136 -> ReLU -> [64, 7, 7] -> conv-transpose 64 (3x3, stride 2, pad 1, output pad 1) -> ReLU
-> conv-transpose 32 (same) -> ReLU -> conv-transpose 1 (3x3, pad 1) = Bernoulli logits [1, 28, 28].
Loss per batch (summed): binary_cross_entropy_with_logits(reduction="sum") + analytic KL to N(0, I).
Adam, lr 1e-3, batch 128, reshuffled with randperm every epoch; data, IDX reader, loss and training loop shared with mnist_mlp.py.

Losses are in nats per image. Run with Debian's PyTorch:
/usr/bin/python3 bench/pytorch/mnist_conv.py --epochs 3 --seed 7 --threads 1 --out r.json
"""
import argparse
import json
import os
import platform
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_mlp import DEFAULT_DATA, LEARNING_RATE, load_split, serve, train_epoch  # noqa: E402

HIDDEN = 16
LATENT = 2


class ConvVAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU(),
            nn.Flatten(),
            nn.Linear(64 * 7 * 7, HIDDEN), nn.ReLU())
        self.mean = nn.Linear(HIDDEN, LATENT)
        self.log_var = nn.Linear(HIDDEN, LATENT)
        self.decoder = nn.Sequential(
            nn.Linear(LATENT, 64 * 7 * 7), nn.ReLU(),
            nn.Unflatten(1, (64, 7, 7)),
            nn.ConvTranspose2d(64, 64, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 3, padding=1))

    def forward(self, x):
        h = self.encoder(x)
        mu, logvar = self.mean(h), self.log_var(h)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.decoder(z), mu, logvar


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--train-limit", type=int, default=0, help="train on the first N images only (0: all)")
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder with the four MNIST IDX files (default: data/mnist)")
    parser.add_argument("--out", help="write the results as JSON to this file")
    parser.add_argument("--serve", action="store_true", help="train one epoch per line 'epoch' on standard input")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    train_images, _ = load_split(args.data, "train")
    if args.train_limit > 0:
        train_images = train_images[:args.train_limit]
    train_images = train_images.reshape(-1, 1, 28, 28).contiguous()

    torch.manual_seed(args.seed)
    model = ConvVAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    if args.serve:
        serve(model, optimizer, train_images)
        return

    epochs = []
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        train = train_epoch(model, optimizer, train_images)
        seconds = time.perf_counter() - started
        epochs.append({"epoch": epoch, "train_loss": train, "train_seconds": seconds,
                       "train_images_per_second": train_images.shape[0] / seconds})
        print("epoch %2d  train %.4f nats/image  %.2f s  %.0f images/s"
              % (epoch, train, seconds, train_images.shape[0] / seconds), flush=True)

    result = {
        "model": "MnistConv.vae architecture, Bernoulli logits, Adam 1e-3, batch 128",
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "machine": platform.platform(),
        "threads": torch.get_num_threads(),
        "seed": args.seed,
        "train_images": train_images.shape[0],
        "epochs": epochs,
    }
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
