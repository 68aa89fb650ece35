"""Trains a model of the package on a data folder, in one process or with DistributedDataParallel under torchrun:

    python3 train.py --data DIR --epochs N --out OUT [--seed S] [--model M]
    torchrun --nproc_per_node 2 train.py --data DIR --epochs N --out OUT

writes OUT/metrics.jsonl (one line per epoch: epoch, train_loss, test_loss in nats per example, seconds,
images_per_second, a quantised latent's usage, perplexity and restarted codes, and its test_usage and test_perplexity), OUT/checkpoint.pt after every epoch (--resume goes on from it) and OUT/model.safetensors (the state_dict, which VaeDsl's LoadWeights reads), then prints the
test loss of the saved weights with the noise of the seed, `test_loss: X`, as `vae eval` computes it. Rank 0 alone
writes and prints.
"""
import argparse
import copy
import os
import sys

import torch

from PACKAGE import MODELS
from PACKAGE.data import binarized_once, check_probabilities, load
from PACKAGE.safetensors import load_weights, save_file
from PACKAGE.training import Distributed, evaluate, fit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="folder with one CSV table, MNIST's IDX files, train.npz/test.npz, train.npy/test.npy or train/ and test/ image folders")
    parser.add_argument("--resize", choices=["yes", "no"], default="no", help="scale images of another size to the model's input (bilinear)")
    parser.add_argument("--binarize", choices=["none", "dynamic"], default="none",
                        help="dynamic: each training batch is a fresh binary sample (pixel = probability of a 1), the test set is binarised once")
    parser.add_argument("--epochs", type=int, help="epochs (default: the model's)")
    parser.add_argument("--out", required=True, help="folder for metrics.jsonl and model.safetensors")
    parser.add_argument("--seed", type=int, help="seed of the initial weights and every random draw (default: the model's)")
    parser.add_argument("--model", default=next(iter(MODELS)), choices=list(MODELS), help="the model to train")
    parser.add_argument("--batch", type=int, help="examples per batch and process (default: the model's)")
    parser.add_argument("--init", help="start from these weights (a .safetensors file) instead of fresh ones")
    parser.add_argument("--resume", action="store_true", help="go on from OUT/checkpoint.pt when it is there")
    parser.add_argument("--device", help="cpu, cuda, cuda:N or auto (default: the model's device setting)")
    parser.add_argument("--threads", type=int, help="threads per process (default: the cores divided among the processes)")
    args = parser.parse_args()

    model_type = MODELS[args.model]
    settings = copy.copy(model_type.settings)
    for name in ("epochs", "seed", "batch"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    processes = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
    torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // processes))

    world = Distributed(args.device or settings["device"])
    try:
        # Seeded as VaeDsl's examples are, so the initial weights are those of the C# model with the same seed.
        torch.manual_seed(settings["seed"])
        model = model_type().to(world.device)
        if args.init:
            load_weights(model, args.init)
        train_x, train_y, test_x, test_y = load(args.data, model.input_shape, resize=args.resize == "yes")
        binarize = args.binarize == "dynamic"
        if binarize:
            check_probabilities(train_x, args.data, "dynamic binarisation")
            check_probabilities(test_x, args.data, "binarisation")
            test_x = binarized_once(test_x)
        if model.uses_condition and (train_y is None or test_y is None):
            raise ValueError(f"{args.model} is conditional but '{args.data}' has no labels")
        fit(model, settings, train_x, train_y, test_x, test_y, args.out, world, resume=args.resume, binarize=binarize)
        if world.is_main:
            save_file(model.state_dict(), os.path.join(args.out, "model.safetensors"))
            torch.manual_seed(settings["seed"])
            test_loss, _, _ = evaluate(model, test_x, test_y, settings["batch"], world.device)
            print(f"test_loss: {test_loss:.6f}")
    except (OSError, ValueError, FloatingPointError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        world.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
