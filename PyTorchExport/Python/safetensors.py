"""Reads and writes safetensors files (https://github.com/huggingface/safetensors): written here because Debian's
PyTorch has no safetensors package; the format is an 8-byte little-endian header length, a JSON header naming each
tensor's dtype, shape and byte range, then the raw little-endian data."""
import json
import struct

import torch

_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool,
}
_NAMES = {dtype: name for name, dtype in _DTYPES.items()}


def save_file(tensors, path):
    """Writes a {name: tensor} dict (a state_dict) to `path`."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().cpu().contiguous()
        data = tensor.view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": _NAMES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as stream:
        stream.write(struct.pack("<Q", len(encoded)))
        stream.write(encoded)
        for chunk in chunks:
            stream.write(chunk)


def load_file(path):
    """Reads a safetensors file into a {name: tensor} dict; a file of another format raises ValueError."""
    with open(path, "rb") as stream:
        content = stream.read()
    if len(content) < 8:
        raise ValueError(f"'{path}' is not a safetensors file: it is {len(content)} bytes long")
    (length,) = struct.unpack("<Q", content[:8])
    if length > len(content) - 8:
        raise ValueError(f"'{path}' is not a safetensors file: its header claims {length} bytes")
    try:
        header = json.loads(content[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"'{path}' is not a safetensors file: {error}") from None
    data = content[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = _DTYPES[entry["dtype"]]
        if end < start or end > len(data):
            raise ValueError(f"'{path}' is damaged: tensor '{name}' lies outside the file")
        raw = torch.frombuffer(bytearray(data[start:end]), dtype=torch.uint8) if end > start else torch.empty(0, dtype=torch.uint8)
        tensors[name] = raw.view(dtype).reshape(entry["shape"]).clone()
    return tensors


def load_weights(model, path):
    """Loads a safetensors file into `model`, refusing one whose tensors differ (the first difference is named)."""
    saved = load_file(path)
    own = model.state_dict()
    for name, tensor in own.items():
        if name not in saved:
            raise ValueError(f"'{path}' has no '{name}', which {type(model).__name__} has: it holds another model's weights")
        if tuple(saved[name].shape) != tuple(tensor.shape):
            raise ValueError(f"'{path}' has '{name}' {list(saved[name].shape)} but {type(model).__name__} has {list(tensor.shape)}")
        if saved[name].dtype != tensor.dtype:
            raise ValueError(f"'{path}' has '{name}' of {saved[name].dtype} but {type(model).__name__} has {tensor.dtype}")
    extra = sorted(set(saved) - set(own))
    if extra:
        raise ValueError(f"'{path}' has '{extra[0]}', which {type(model).__name__} does not have: it holds another model's weights")
    model.load_state_dict(saved)
