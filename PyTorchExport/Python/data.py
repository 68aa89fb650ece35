"""The data folders VaeDsl's examples read: MNIST's IDX files (gzipped or not) and NumPy .npz / .npy files."""
import gzip
import os
import struct

import numpy as np
import torch


def _read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as stream:
        content = stream.read()
    zero, kind, rank = struct.unpack(">HBB", content[:4])
    if zero != 0 or kind != 0x08:
        raise ValueError(f"'{path}' is not an IDX file of unsigned bytes")
    shape = struct.unpack(">" + "I" * rank, content[4:4 + 4 * rank])
    return np.frombuffer(content, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def _idx(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return _read_idx(path)
    raise FileNotFoundError(f"'{os.path.join(directory, name)}(.gz)' is missing")


def _fit(x, input_shape, directory, split):
    if tuple(x.shape[1:]) == tuple(input_shape):
        return x
    if int(np.prod(x.shape[1:])) == int(np.prod(input_shape)):
        return x.reshape(x.shape[0], *input_shape)
    raise ValueError(f"the {split} examples of '{directory}' have shape {list(x.shape[1:])} but the model takes {list(input_shape)}")


def load(directory, input_shape):
    """(train_x, train_y, test_x, test_y): float32 inputs of the model's shape (IDX bytes scaled to [0, 1]) and
    int64 labels (None when the folder has none)."""
    def path(name):
        return os.path.join(directory, name)
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"data folder '{directory}' does not exist")
    if os.path.exists(path("train-images-idx3-ubyte.gz")) or os.path.exists(path("train-images-idx3-ubyte")):
        sets = []
        for split in ("train", "t10k"):
            images = torch.from_numpy(_idx(directory, f"{split}-images-idx3-ubyte").copy()).to(torch.float32).div_(255)
            images = images.reshape(images.shape[0], 1, *images.shape[1:])
            labels = torch.from_numpy(_idx(directory, f"{split}-labels-idx1-ubyte").astype(np.int64))
            sets += [_fit(images, input_shape, directory, split), labels]
        return tuple(sets)
    if os.path.exists(path("train.npz")):
        sets = []
        for split in ("train", "test"):
            with np.load(path(f"{split}.npz")) as archive:
                x = torch.from_numpy(archive["x"].astype(np.float32))
                y = torch.from_numpy(archive["y"].astype(np.int64)) if "y" in archive else None
            sets += [_fit(x, input_shape, directory, split), y]
        return tuple(sets)
    if os.path.exists(path("train.npy")):
        sets = []
        for split in ("train", "test"):
            x = torch.from_numpy(np.load(path(f"{split}.npy")).astype(np.float32))
            labels = path(f"{split}_labels.npy")
            y = torch.from_numpy(np.load(labels).astype(np.int64)) if os.path.exists(labels) else None
            sets += [_fit(x, input_shape, directory, split), y]
        return tuple(sets)
    raise ValueError(f"data folder '{directory}' holds neither MNIST's IDX files, train.npz and test.npz, nor train.npy and test.npy")
