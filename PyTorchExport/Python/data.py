"""The data folders VaeDsl's examples read: a CSV table (as the Tabular example reads wine.csv), MNIST's IDX files
(gzipped or not) and NumPy .npz / .npy files."""
import csv
import glob
import gzip
import math
import os
import struct
import zipfile

import numpy as np
import torch


def _read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            content = stream.read()
    except (OSError, EOFError) as error:
        raise ValueError(f"'{path}' cannot be read: {error}") from None
    zero, kind, rank = struct.unpack(">HBB", content[:4]) if len(content) >= 4 else (1, 0, 0)
    if zero != 0 or kind != 0x08 or len(content) < 4 + 4 * rank:
        raise ValueError(f"'{path}' is not an IDX file of unsigned bytes")
    shape = struct.unpack(">" + "I" * rank, content[4:4 + 4 * rank])
    if len(content) - 4 - 4 * rank != int(np.prod(shape)):
        raise ValueError(f"'{path}' holds {len(content) - 4 - 4 * rank} bytes of data but its header announces {int(np.prod(shape))}; the file is truncated or damaged.")
    return np.frombuffer(content, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def _idx(directory, split, content):
    """MNIST's file of a split, as VaeDsl's Mnist.Load finds it: the test pair is t10k-* or else test-*, and each
    name is taken gzipped before uncompressed."""
    suffix = f"-{content}-idx{3 if content == 'images' else 1}-ubyte"
    candidates = []
    for prefix in ("train",) if split == "train" else ("t10k", "test"):
        for name in (prefix + suffix + ".gz", prefix + suffix):
            path = os.path.join(directory, name)
            if os.path.exists(path):
                return path, _read_idx(path)
            candidates.append(path)
    others = ", ".join(f"'{os.path.basename(c)}'" for c in candidates[1:])
    raise FileNotFoundError(f"MNIST {split} {content} file '{candidates[0]}' not found (nor {others}); the folder '{directory}' should hold MNIST's four IDX files.")


def _mnist(directory, split):
    images_path, images = _idx(directory, split, "images")
    labels_path, labels = _idx(directory, split, "labels")
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"MNIST images file '{images_path}' holds an array of shape {list(images.shape)}; expected [N, 28, 28] (N images of 28×28).")
    if labels.ndim != 1 or labels.shape[0] != images.shape[0]:
        raise ValueError(f"MNIST labels file '{labels_path}' holds an array of shape {list(labels.shape)}; expected [{images.shape[0]}] (one label per image of '{images_path}').")
    x = torch.from_numpy(images.copy()).to(torch.float32).div_(255).reshape(images.shape[0], 1, 28, 28)
    return x, torch.from_numpy(labels.astype(np.int64))


# The Tabular example's split: 20 % of the rows for testing, drawn with System.Random(2026).
CSV_TEST_FRACTION = 0.2
CSV_SPLIT_SEED = 2026
CSV_LABEL_COLUMN = "class"


class _DotNetRandom:
    """System.Random with a seed (Knuth's subtractive generator, as .NET implements it), so a table splits into
    the rows the C# side picks; hand-written because no Python library reproduces .NET's seeded sequence."""

    def __init__(self, seed):
        big = 2147483647
        table = [0] * 56
        mj = 161803398 - (big if seed == -2147483648 else abs(seed))
        table[55] = mj
        mk, ii = 1, 0
        for i in range(1, 55):
            ii = (ii + 21) % 55
            table[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += big
            mj = table[ii]
        for _ in range(4):
            for i in range(1, 56):
                table[i] -= table[1 + (i + 30) % 55]
                if table[i] < 0:
                    table[i] += big
        self._table, self._next, self._nextp = table, 0, 21

    def _sample(self):
        self._next = 1 if self._next + 1 >= 56 else self._next + 1
        self._nextp = 1 if self._nextp + 1 >= 56 else self._nextp + 1
        value = self._table[self._next] - self._table[self._nextp]
        if value == 2147483647:
            value -= 1
        if value < 0:
            value += 2147483647
        self._table[self._next] = value
        return value * (1.0 / 2147483647)

    def shuffle(self, values):
        """Random.Shuffle: Fisher-Yates from the front, j = Next(i, n)."""
        n = len(values)
        for i in range(n - 1):
            j = int(self._sample() * (n - i)) + i
            values[i], values[j] = values[j], values[i]


def _read_csv(path, label_column):
    """(features float64 [rows, columns], labels int64 [rows] or None): a header row, then rows of numbers; the
    column `label_column`, when the header has it, holds whole-number labels."""
    with open(path, newline="", encoding="utf-8") as stream:
        rows = [(number, [cell.strip() for cell in row]) for number, row in enumerate(csv.reader(stream), 1)]
    rows = [(number, row) for number, row in rows if any(row)]
    if not rows:
        raise ValueError(f"{path}: the file is empty; expected a header row and rows of numbers separated by commas.")
    names = rows[0][1]
    label = names.index(label_column) if label_column in names else None
    if len(rows) == 1:
        raise ValueError(f"{path}: the file has a header row but no data rows.")
    features, labels = [], []
    for number, row in rows[1:]:
        if len(row) != len(names):
            plural = "" if len(row) == 1 else "s"
            raise ValueError(f"{path}({number}): the row has {len(row)} cell{plural} but the header has {len(names)}.")
        values = []
        for j, cell in enumerate(row):
            shown = "the empty cell" if cell == "" else f"'{cell}'"
            if j == label:
                try:
                    labels.append(int(cell))
                except ValueError:
                    raise ValueError(f"{path}({number},{j + 1}): label {shown} in column {j + 1} ('{names[j]}') is not a whole number.") from None
                continue
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise ValueError(f"{path}({number},{j + 1}): {shown} in column {j + 1} ('{names[j]}') is not a finite number.")
            values.append(value)
        features.append(values)
    return np.array(features, dtype=np.float64), (np.array(labels, dtype=np.int64) if label is not None else None)


def _csv_sets(path):
    """The Tabular example's sets: a fixed-seed 80/20 split, each feature standardised with the training rows' mean
    and population standard deviation (1 for a constant feature), in float64, then float32."""
    features, labels = _read_csv(path, CSV_LABEL_COLUMN)
    count = features.shape[0]
    if count < 2:
        raise ValueError(f"{path}: the file has {count} data row; splitting it into a training and a test table needs at least two.")
    order = list(range(count))
    _DotNetRandom(CSV_SPLIT_SEED).shuffle(order)
    test_count = min(max(int(round(CSV_TEST_FRACTION * count)), 1), count - 1)
    train_rows, test_rows = order[test_count:], order[:test_count]
    train = features[train_rows]
    mean = train.mean(axis=0)
    deviation = np.sqrt(((train - mean) ** 2).mean(axis=0))
    deviation[deviation == 0] = 1.0
    sets = []
    for rows in (train_rows, test_rows):
        x = torch.from_numpy(((features[rows] - mean) / deviation).astype(np.float32))
        sets += [x, torch.from_numpy(labels[rows]) if labels is not None else None]
    return sets


IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")


def _visible(folder):
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if not name.startswith("."))


def _image_files(folder):
    files = [entry for entry in _visible(folder) if os.path.isfile(entry)]
    for entry in files:
        if os.path.splitext(entry)[1].lower() not in IMAGE_EXTENSIONS:
            raise ValueError(f"'{entry}' is not a .png, .jpg or .jpeg file; an image folder holds only images (convert it, or move it out).")
    return files


def _class_numbers(names):
    """Names that are all whole numbers keep their value; other names are numbered 0, 1, ... in ordinal order."""
    if all(name.isascii() and name.isdigit() for name in names):
        return {int(name): name for name in names}
    return {i: name for i, name in enumerate(names)}


def _list_images(directory, train_classes):
    folders = [entry for entry in _visible(directory) if os.path.isdir(entry)]
    loose = _image_files(directory)
    if not folders:
        if not loose:
            raise ValueError(f"image folder '{directory}' holds no .png, .jpg or .jpeg files; put the images in it, or one sub-folder of images per class.")
        if train_classes is not None:
            raise ValueError(f"image folder '{directory}' has no class sub-folders but the training images have ({', '.join(train_classes.values())}); give both sets the same layout.")
        return loose, None, None
    if loose:
        raise ValueError(f"'{loose[0]}' lies beside the class sub-folders of '{directory}'; move it into the sub-folder of its class, or all images out of the sub-folders for unlabelled data.")
    classes = train_classes if train_classes is not None else _class_numbers([os.path.basename(f) for f in folders])
    by_name = {name: label for label, name in classes.items()}
    files, labels = [], []
    for folder in folders:
        name = os.path.basename(folder)
        if name not in by_name:
            raise ValueError(f"class folder '{folder}' is not one of the training classes ({', '.join(classes.values())}); rename it or add that class to the training images.")
        images = _image_files(folder)
        nested = [entry for entry in _visible(folder) if os.path.isdir(entry)]
        if nested:
            raise ValueError(f"'{nested[0]}' is a folder inside the class folder '{folder}'; a class folder holds only images.")
        files += images
        labels += [by_name[name]] * len(images)
    if not files:
        raise ValueError(f"the class sub-folders of '{directory}' hold no .png, .jpg or .jpeg files.")
    return files, labels, classes


def _decode(path, channels, height, width, resize):
    """[C, H, W] float32 in 0..255: one channel is the grey level (R = G = B for a grey image, else Rec. 601
    luminance in float32), alpha is dropped."""
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as image:
            if image.format not in ("PNG", "JPEG"):
                raise ValueError(f"'{path}' is a {image.format} image; only PNG and JPEG are read: convert it.")
            rgb = image.convert("RGBA")
            rgb.load()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValueError(f"'{path}' is truncated or corrupt (it cannot be decoded completely); replace it with an intact PNG or JPEG file, or remove it.") from None
    if rgb.size != (width, height):
        if not resize:
            raise ValueError(f"'{path}' is {rgb.size[0]}×{rgb.size[1]} pixels but the model takes {width}×{height}; resize the images, or ask for resizing (--resize yes).")
        rgb = rgb.resize((width, height), Image.BILINEAR)
    pixels = np.asarray(rgb, dtype=np.uint8)
    r, g, b = (pixels[:, :, i].astype(np.float32) for i in range(3))
    if channels == 3:
        return np.stack([r, g, b])
    grey = np.float32(0.299) * r + np.float32(0.587) * g + np.float32(0.114) * b
    return np.where((pixels[:, :, 0] == pixels[:, :, 1]) & (pixels[:, :, 1] == pixels[:, :, 2]), r, grey)[None]


def _image_size(input_shape, train_folder):
    shape = list(input_shape)
    if len(shape) == 3 and shape[0] in (1, 3):
        return tuple(shape)
    if len(shape) == 2:
        return (1, *shape)
    raise ValueError(f"the model's input {shape} is not an image shape ([1, H, W], [3, H, W] or [H, W]), so '{train_folder}' cannot be read for it; use .npy or .npz files of that shape.")


def _image_sets(directory, input_shape, resize):
    channels, height, width = _image_size(input_shape, os.path.join(directory, "train"))
    sets, classes = [], None
    for split in ("train", "test"):
        files, labels, classes = _list_images(os.path.join(directory, split), classes)
        x = np.stack([_decode(f, channels, height, width, resize) for f in files]) if files else None
        # Scaled as the IDX bytes are, so the same pixels give the same floats from either format.
        sets += [torch.from_numpy(x).div_(255), torch.tensor(labels, dtype=torch.int64) if labels is not None else None]
    return sets


def _pair(directory, train, test, folders=False):
    """The first of a pair must be there with its partner, so half a data set is never trained on."""
    exists = os.path.isdir if folders else os.path.isfile
    train_path, test_path = os.path.join(directory, train), os.path.join(directory, test)
    if not exists(train_path) or not exists(test_path):
        present, missing = (train_path, test_path) if exists(train_path) else (test_path, train_path)
        raise ValueError(f"'{missing}' is missing but '{present}' is there; a data folder holds both a training and a test set.")


def _npy(path):
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, EOFError, ValueError) as error:
        raise ValueError(f"'{path}' cannot be read as a NumPy .npy file: {error}") from None


def _fit(x, input_shape, directory, split):
    if tuple(x.shape[1:]) == tuple(input_shape):
        return x
    if int(np.prod(x.shape[1:])) == int(np.prod(input_shape)):
        return x.reshape(x.shape[0], *input_shape)
    raise ValueError(f"the {split} examples of '{directory}' have shape {list(x.shape[1:])} but the model takes {list(input_shape)}")


def load(directory, input_shape, resize=False):
    """(train_x, train_y, test_x, test_y): float32 inputs of the model's shape (IDX bytes scaled to [0, 1]) and
    int64 labels (None when the folder has none)."""
    def path(name):
        return os.path.join(directory, name)
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"data folder '{directory}' does not exist")
    tables = sorted(glob.glob(os.path.join(glob.escape(directory), "*.csv")))
    if len(tables) == 1:
        train_x, train_y, test_x, test_y = _csv_sets(tables[0])
        return _fit(train_x, input_shape, directory, "train"), train_y, _fit(test_x, input_shape, directory, "test"), test_y
    if len(tables) > 1:
        names = ", ".join(os.path.basename(table) for table in tables)
        raise ValueError(f"data folder '{directory}' holds {len(tables)} CSV files ({names}); keep the one table to train on")
    if os.path.exists(path("train-images-idx3-ubyte.gz")) or os.path.exists(path("train-images-idx3-ubyte")):
        sets = []
        for split in ("train", "test"):
            x, y = _mnist(directory, split)
            sets += [_fit(x, input_shape, directory, split), y]
        return tuple(sets)
    if os.path.exists(path("train.npz")) or os.path.exists(path("test.npz")):
        _pair(directory, "train.npz", "test.npz")
        sets = []
        for split in ("train", "test"):
            try:
                with np.load(path(f"{split}.npz")) as archive:
                    if "x" not in archive:
                        raise ValueError(f"'{path(split + '.npz')}' has no array 'x'; write it as numpy.savez(path, x=inputs, y=labels).")
                    x = torch.from_numpy(archive["x"].astype(np.float32))
                    y = torch.from_numpy(archive["y"].astype(np.int64)) if "y" in archive else None
            except (OSError, EOFError, zipfile.BadZipFile) as error:
                raise ValueError(f"'{path(split + '.npz')}' cannot be read as a NumPy .npz archive: {error}") from None
            sets += [_fit(x, input_shape, directory, split), y]
        if (sets[1] is None) != (sets[3] is None):
            with_, without = ("test.npz", "train.npz") if sets[1] is None else ("train.npz", "test.npz")
            raise ValueError(f"'{path(without)}' has no labels (array 'y') but '{path(with_)}' has; give both or neither.")
        return tuple(sets)
    if os.path.exists(path("train.npy")) or os.path.exists(path("test.npy")):
        _pair(directory, "train.npy", "test.npy")
        train_labels, test_labels = path("train_labels.npy"), path("test_labels.npy")
        if os.path.exists(train_labels) != os.path.exists(test_labels):
            with_, without = (train_labels, test_labels) if os.path.exists(train_labels) else (test_labels, train_labels)
            raise ValueError(f"'{without}' is missing but '{with_}' is there; give the labels of both sets or of neither.")
        sets = []
        for split in ("train", "test"):
            x = torch.from_numpy(_npy(path(f"{split}.npy")).astype(np.float32))
            labels = path(f"{split}_labels.npy")
            y = torch.from_numpy(_npy(labels).astype(np.int64)) if os.path.exists(labels) else None
            if y is not None and y.shape[0] != x.shape[0]:
                raise ValueError(f"'{labels}' holds {y.shape[0]} labels but '{path(split + '.npy')}' holds {x.shape[0]} examples.")
            sets += [_fit(x, input_shape, directory, split), y]
        return tuple(sets)
    if os.path.isdir(path("train")) or os.path.isdir(path("test")):
        _pair(directory, "train", "test", folders=True)
        return tuple(_image_sets(directory, input_shape, resize))
    raise ValueError(f"data folder '{directory}' has no data in a known layout; it should hold one CSV table, MNIST's IDX files, train.npz and test.npz, train.npy and test.npy, or train/ and test/ folders of PNG or JPEG images")


def check_probabilities(x, directory, what):
    low, high = x.min().item(), x.max().item()
    if not (low >= 0 and high <= 1):
        raise ValueError(f"'{directory}': {what} needs inputs in [0, 1] (the probability of a 1) but they range from {low:g} to {high:g}; scale them to [0, 1] first.")


def binarized_once(x, seed=2016):
    """The test set binarised once by a generator of its own (the global one untouched), as VaeDsl's BinarizedOnce."""
    generator = torch.Generator().manual_seed(seed)
    return torch.bernoulli(x, generator=generator)
