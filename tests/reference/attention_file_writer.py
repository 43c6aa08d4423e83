"""Writes attention files (docs/attention-files.md) with NumPy alone: the reference writer
for the tests. JSON keeps float32 exactly (each weight written as the double it equals);
safetensors is written by hand (8-byte little-endian header length, JSON header, raw
little-endian data), in F32, F16 or BF16, so the `safetensors` package is not needed."""
import json
import struct

import numpy as np

FORMAT = "attnviz-attention"
JSON_LIMIT = 2 ** 20  # weights; larger attention goes to safetensors, as the docs' snippet does


def softmax_attention(rng, layers, heads, t, causal, spread=3.0):
    """Random softmax weights, layers × heads × T × T float32, computed in float64: rows
    are queries; causal rows have exact zeros above the diagonal."""
    scores = rng.normal(0.0, spread, size=(layers, heads, t, t))
    if causal:
        scores = np.where(np.triu(np.ones((t, t), dtype=bool), 1), -np.inf, scores)
    scores -= scores.max(axis=-1, keepdims=True)  # the row max first, so exp cannot overflow
    weights = np.exp(scores)
    return (weights / weights.sum(axis=-1, keepdims=True)).astype(np.float32)


def bf16_bits(values):
    """float32 → bfloat16 bit patterns, rounded to nearest even (as torch does)."""
    bits = np.ascontiguousarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def bf16_to_f32(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def metadata(tokens, causal, model):
    meta = {"format": FORMAT, "version": 1, "tokens": [str(t) for t in tokens]}
    if model is not None:
        meta["model"] = model
    if causal is not None:
        meta["causal"] = bool(causal)
    return meta


def write_json(path, tokens, attention, causal=None, model=None, extra=None):
    doc = metadata(tokens, causal, model)
    doc["attention"] = np.asarray(attention, dtype=np.float32).tolist()  # doubles equal to the float32s
    doc.update(extra or {})
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, ensure_ascii=False))  # dumps: all in C; dump is slower by half


def safetensors_bytes(tokens, attention, causal=None, model=None, dtype="F32", meta_override=None, shape=None):
    """The file's bytes. Metadata values are strings, as the format requires: tokens as a
    JSON array, version and causal as JSON ("1", "true")."""
    a = np.ascontiguousarray(attention, dtype=np.float32)
    data = {"F32": lambda: a.astype("<f4").tobytes(),
            "F16": lambda: a.astype("<f2").tobytes(),
            "BF16": lambda: bf16_bits(a).astype("<u2").tobytes()}[dtype]()
    meta = {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
            for k, v in metadata(tokens, causal, model).items()}
    meta.update(meta_override or {})
    header = {"__metadata__": meta,
              "attention": {"dtype": dtype, "shape": list(shape or a.shape), "data_offsets": [0, len(data)]}}
    text = json.dumps(header, ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data 8-byte aligned, as the safetensors library writes it
    return struct.pack("<Q", len(text)) + text + data


def write_safetensors(path, tokens, attention, causal=None, model=None, dtype="F32"):
    with open(path, "wb") as f:
        f.write(safetensors_bytes(tokens, attention, causal, model, dtype))


def stored_values(attention, dtype):
    """The float32 values a reader must return for attention written in `dtype`."""
    a = np.asarray(attention, dtype=np.float32)
    if dtype == "F16":
        return a.astype(np.float16).astype(np.float32)
    if dtype == "BF16":
        return bf16_to_f32(bf16_bits(a)).reshape(a.shape)
    return a
