#!/usr/bin/python3
"""GPT-2 checked against an independent PyTorch implementation.

Writes small random GPT-2 checkpoints as real model folders (config.json and
model.safetensors, the safetensors format written here by hand: an 8-byte little-endian
header length, the JSON header, the raw little-endian data), in several shapes, dtypes and
key conventions, runs `attnviz-cli model` on them and compares every layer's and head's
attention weights and the last position's logits with a float64 PyTorch forward pass
written from the GPT-2 paper's and code's conventions (Radford et al. 2019; the
Conv1D layout [in, out], fused c_attn, causal softmax(QKᵀ/√d_head), gelu_new, pre-LayerNorm
blocks, logits against wte). Max abs error ≤ 1e-4.

Also: appending tokens through the key/value cache (--append-from) gives the full
recompute's numbers; n_positions is enforced; and, given the WebAssembly CLI, native and
WebAssembly agree to 1e-5.

usage: /usr/bin/python3 gpt2_reference.py NATIVE_CLI [WASM_CLI_JS NODE]
"""
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

TOLERANCE = 1e-4
NATIVE_VS_WASM = 1e-5

torch.set_num_threads(1)


# ---------------------------------------------------------------- safetensors writer

def bf16_bits(array):
    """float32 → bfloat16 bit patterns (round to nearest even), as uint16."""
    bits = np.ascontiguousarray(array, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def write_safetensors(path, tensors):
    """tensors: list of (name, float32 array, dtype name). Returns what each tensor decodes
    to as float64 (the values the reader must see after its F16/BF16 conversion)."""
    header, blobs, decoded, offset = {}, [], {}, 0
    for name, array, dtype in tensors:
        if dtype == "F32":
            raw = np.ascontiguousarray(array, dtype="<f4")
            decoded[name] = raw.astype(np.float64)
        elif dtype == "F16":
            raw = np.ascontiguousarray(array, dtype="<f2")
            decoded[name] = raw.astype(np.float64)
        elif dtype == "BF16":
            raw = bf16_bits(array)
            decoded[name] = (raw.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
        else:  # a buffer with some other dtype, e.g. a BOOL mask, which the reader must skip
            raw = np.ascontiguousarray(array)
        data = raw.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)  # the format pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    return decoded


# ---------------------------------------------------------------- checkpoints

def make_model(folder, shape, seed):
    """A random GPT-2 in `folder`; returns (config, float64 weights by short name)."""
    rng = np.random.default_rng(seed)
    L, H, E, V, P = shape["n_layer"], shape["n_head"], shape["n_embd"], shape["vocab_size"], shape["n_positions"]
    inner = shape.get("n_inner") or 4 * E
    dtype, prefix = shape["dtype"], "transformer." if shape["prefix"] else ""

    # Larger than GPT-2's N(0, 0.02) initialisation, so attention is far from uniform and
    # the logits spread: errors would show.
    def w(*dims, scale=0.3):
        return (rng.standard_normal(dims) * scale).astype(np.float32)

    tensors = [("wte.weight", w(V, E, scale=0.5)), ("wpe.weight", w(P, E, scale=0.3))]
    for l in range(L):
        h = f"h.{l}."
        tensors += [
            (h + "ln_1.weight", 1 + w(E, scale=0.2)), (h + "ln_1.bias", w(E, scale=0.1)),
            (h + "attn.c_attn.weight", w(E, 3 * E, scale=2 / math.sqrt(E))), (h + "attn.c_attn.bias", w(3 * E, scale=0.1)),
            (h + "attn.c_proj.weight", w(E, E, scale=1 / math.sqrt(E))), (h + "attn.c_proj.bias", w(E, scale=0.1)),
            (h + "ln_2.weight", 1 + w(E, scale=0.2)), (h + "ln_2.bias", w(E, scale=0.1)),
            (h + "mlp.c_fc.weight", w(E, inner, scale=1 / math.sqrt(E))), (h + "mlp.c_fc.bias", w(inner, scale=0.1)),
            (h + "mlp.c_proj.weight", w(inner, E, scale=1 / math.sqrt(inner))), (h + "mlp.c_proj.bias", w(E, scale=0.1)),
        ]
    tensors += [("ln_f.weight", 1 + w(E, scale=0.2)), ("ln_f.bias", w(E, scale=0.1))]
    entries = [(prefix + name, array, dtype) for name, array in tensors]
    if shape.get("buffers"):  # what real checkpoints carry besides the weights
        for l in range(L):
            entries.append((f"{prefix}h.{l}.attn.bias", np.tril(np.ones((1, 1, P, P), dtype=np.float32)), "F32"))
            entries.append((f"{prefix}h.{l}.attn.masked_bias", np.array(-1e4, dtype=np.float32), "F32"))
        entries.append((f"{prefix}h.0.attn.mask_bool", np.tril(np.ones((P, P), dtype=np.uint8)), "BOOL"))
    lm_head = shape.get("lm_head")
    if lm_head == "tied":
        entries.append(("lm_head.weight", tensors[0][1], dtype))
    elif lm_head == "own":
        entries.append(("lm_head.weight", w(V, E, scale=0.5), dtype))
    rng.shuffle(entries)  # the reader must not depend on the order
    decoded = write_safetensors(os.path.join(folder, "model.safetensors"), entries)
    weights = {name[len(prefix):] if name.startswith(prefix) else name: value for name, value in decoded.items()}

    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_layer": L, "n_head": H, "n_embd": E,
              "n_positions": P, "n_ctx": P, "vocab_size": V, "n_inner": shape.get("n_inner"),
              "layer_norm_epsilon": shape.get("eps", 1e-5), "activation_function": "gelu_new"}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f)
    return config, weights


def bytes_to_unicode():
    """GPT-2's table (openai/gpt-2 encoder.py): printable bytes stand for themselves, the
    others are moved to U+0100 and up, so every byte has a visible character."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + len(cs) - 188)
    return {b: chr(c) for b, c in zip(bs, cs)}


# Four merges, in rank order, whose result on "the the" is worked out by hand:
#   "the"  → t h e → t he (h e) → the (t he)
#   " the" → Ġ t h e → Ġt h e (Ġ t) → Ġt he (h e) → Ġthe (Ġt he)
MERGES = [("Ġ", "t"), ("h", "e"), ("Ġt", "he"), ("t", "he")]


def write_tokenizer(folder):
    """A byte-level vocabulary: the 256 bytes, then the merges' results (ids 256…259)."""
    vocab = {ch: i for i, ch in enumerate(bytes_to_unicode().values())}
    for a, b in MERGES:
        vocab[a + b] = len(vocab)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in MERGES))
    return vocab


# ---------------------------------------------------------------- the reference forward

def gpt2_forward(config, weights, ids):
    """Float64 GPT-2: per layer [heads, T, T] attention weights, and the logits [T, V]."""
    t = lambda name: torch.tensor(weights[name], dtype=torch.float64)
    E, H, eps = config["n_embd"], config["n_head"], config["layer_norm_epsilon"]
    d, T = E // H, len(ids)

    def layer_norm(x, prefix):
        return torch.nn.functional.layer_norm(x, (E,), t(prefix + ".weight"), t(prefix + ".bias"), eps)

    def conv1d(x, prefix):  # GPT-2's Conv1D: weight [in, out], y = x·W + b
        return x @ t(prefix + ".weight") + t(prefix + ".bias")

    x = t("wte.weight")[torch.tensor(ids)] + t("wpe.weight")[:T]
    attentions = []
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for l in range(config["n_layer"]):
        h = f"h.{l}."
        q, k, v = conv1d(layer_norm(x, h + "ln_1"), h + "attn.c_attn").split(E, dim=-1)
        q, k, v = (m.view(T, H, d).transpose(0, 1) for m in (q, k, v))  # [H, T, d]
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d)
        scores = scores.masked_fill(~causal, float("-inf"))
        probs = torch.softmax(scores, dim=-1)
        attentions.append(probs.numpy())
        heads = (probs @ v).transpose(0, 1).reshape(T, E)
        x = x + conv1d(heads, h + "attn.c_proj")
        m = conv1d(layer_norm(x, h + "ln_2"), h + "mlp.c_fc")
        m = 0.5 * m * (1 + torch.tanh(math.sqrt(2 / math.pi) * (m + 0.044715 * m ** 3)))
        x = x + conv1d(m, h + "mlp.c_proj")
    x = layer_norm(x, "ln_f")
    out = t("lm_head.weight") if "lm_head.weight" in weights else t("wte.weight")
    return attentions, (x @ out.T).numpy()


# ---------------------------------------------------------------- running the CLI

def run_cli(command):
    r = subprocess.run(command, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)


def model_args(folder, ids, extra=()):
    return ["model", "--model", folder, "--ids", ",".join(map(str, ids)), "--top", "3", "--logits", *extra]


SHAPES = [
    {"name": "F32, transformer. prefix, tied lm_head present, attn.bias buffers",
     "n_layer": 2, "n_head": 2, "n_embd": 16, "vocab_size": 61, "n_positions": 24, "dtype": "F32",
     "prefix": True, "lm_head": "tied", "buffers": True},
    {"name": "F16, no prefix, no lm_head, 4 heads",
     "n_layer": 3, "n_head": 4, "n_embd": 32, "vocab_size": 97, "n_positions": 40, "dtype": "F16", "prefix": False},
    {"name": "BF16, its own lm_head, n_inner 40, eps 1e-3",
     "n_layer": 2, "n_head": 3, "n_embd": 24, "vocab_size": 50, "n_positions": 16, "dtype": "BF16", "prefix": True,
     "lm_head": "own", "n_inner": 40, "eps": 1e-3},
    {"name": "F32, d_head 64 like GPT-2, 1 layer, a byte-level tokenizer",
     "n_layer": 1, "n_head": 2, "n_embd": 128, "vocab_size": 300, "n_positions": 64, "dtype": "F32", "prefix": False,
     "buffers": True, "tokenizer": True},
]


def max_error(cli_out, attentions, logits):
    """(max abs error over every layer's and head's attention, over the last logits)."""
    worst = 0.0
    got = cli_out["attention"]
    assert len(got) == len(attentions), f"{len(got)} layers, expected {len(attentions)}"
    for l, layer in enumerate(attentions):
        assert len(got[l]) == layer.shape[0], f"layer {l}: {len(got[l])} heads"
        worst = max(worst, float(np.abs(np.array(got[l]) - layer).max()))
    return worst, float(np.abs(np.array(cli_out["last_logits"]) - logits[-1]).max())


def agree(a, b, attention_tolerance):
    """Two attnviz runs that sum in different orders (one position at a time vs blocked
    products, or native vs WebAssembly): float32 rounding only. Attention within the
    tolerance; logits, which grow to tens, within the same tolerance relative to their size."""
    att, logit = max_error(b, [np.array(x) for x in a["attention"]], np.array([a["last_logits"]]))
    scale = max(1.0, float(np.abs(np.array(a["last_logits"])).max()))
    return att <= attention_tolerance and logit <= attention_tolerance * scale, f"attention {att:.3g}, logits {logit:.3g} (of {scale:.3g})"


def check_shape(native, wasm, shape, seed, failures):
    with tempfile.TemporaryDirectory() as folder:
        config, weights = make_model(folder, shape, seed)
        rng = np.random.default_rng(seed + 100)
        for T in (1, 7, config["n_positions"]):  # T = n_positions: the longest allowed
            ids = [int(i) for i in rng.integers(0, config["vocab_size"], T)]
            attentions, logits = gpt2_forward(config, weights, ids)
            out = run_cli([native] + model_args(folder, ids))
            err = max(max_error(out, attentions, logits))
            # next: the top 3 by the reference's probabilities
            p = np.exp(logits[-1] - logits[-1].max())
            p /= p.sum()
            top = np.argsort(-p, kind="stable")[:3]
            next_ids = [n["id"] for n in out["next"]]
            next_err = max(abs(n["p"] - p[n["id"]]) for n in out["next"])
            ok = err <= TOLERANCE and next_ids == [int(i) for i in top] and next_err <= TOLERANCE and out["ids"] == ids
            print(f"{'ok  ' if ok else 'FAIL'} {shape['name']}, T={T}: max |attnviz − torch| = {err:.3g}, next ids {next_ids}")
            if not ok:
                failures.append(f"{shape['name']} T={T}")
            if T > 2:  # the key/value cache: the first 2 tokens, then one at a time
                cached = run_cli([native] + model_args(folder, ids, ["--append-from", "2"]))
                ok, diff = agree(out, cached, NATIVE_VS_WASM)
                ok = ok and max(max_error(cached, attentions, logits)) <= TOLERANCE
                print(f"{'ok  ' if ok else 'FAIL'}   appended one by one vs all at once: max diff {diff}")
                if not ok:
                    failures.append(f"{shape['name']} T={T} cache")
            if wasm and T > 1:
                web = run_cli(wasm + model_args(folder, ids))
                ok, diff = agree(out, web, NATIVE_VS_WASM)
                ok = ok and web["ids"] == out["ids"] and web["tokens"] == out["tokens"] and max(max_error(web, attentions, logits)) <= TOLERANCE
                print(f"{'ok  ' if ok else 'FAIL'}   WebAssembly vs native: max diff {diff}")
                if not ok:
                    failures.append(f"{shape['name']} T={T} wasm")
        if shape.get("tokenizer"):  # --text through the folder's vocab.json and merges.txt
            vocab = write_tokenizer(folder)
            out = run_cli([native, "model", "--model", folder, "--text", "the the", "--logits"])
            ids = [vocab["the"], vocab["Ġthe"]]
            attentions, logits = gpt2_forward(config, weights, ids)
            err = max(max_error(out, attentions, logits))
            ok = out["ids"] == ids and out["tokens"] == ["the", "·the"] and err <= TOLERANCE
            print(f"{'ok  ' if ok else 'FAIL'}   --text 'the the': ids {out['ids']}, tokens {out['tokens']}, max error {err:.3g}")
            if not ok:
                failures.append(f"{shape['name']} --text")
            if wasm:
                web = run_cli(wasm + ["model", "--model", folder, "--text", "the the", "--logits"])
                ok, diff = agree(out, web, NATIVE_VS_WASM)
                ok = ok and web["ids"] == out["ids"] and web["tokens"] == out["tokens"]
                print(f"{'ok  ' if ok else 'FAIL'}   --text in WebAssembly vs native: same tokens, max diff {diff}")
                if not ok:
                    failures.append(f"{shape['name']} --text wasm")
        # One past n_positions: refused with a message, exit 2.
        ids = [1] * (config["n_positions"] + 1)
        r = subprocess.run([native] + model_args(folder, ids), capture_output=True, text=True)
        ok = r.returncode == 2 and "n_positions" in r.stderr and r.stderr.startswith("attnviz-cli: ") and r.stdout == ""
        print(f"{'ok  ' if ok else 'FAIL'}   {len(ids)} tokens refused: {r.stderr.strip()}")
        if not ok:
            failures.append(f"{shape['name']} n_positions")


def main():
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    native = sys.argv[1]
    wasm = None
    if len(sys.argv) == 4:
        if not os.path.exists(sys.argv[2]):
            sys.exit(f"{sys.argv[2]} is missing: build the web preset first (cmake --build build/web)")
        wasm = [sys.argv[3], "--no-experimental-fetch", sys.argv[2]]
    failures = []
    for seed, shape in enumerate(SHAPES):
        check_shape(native, wasm, shape, seed, failures)
    if failures:
        sys.exit("failed: " + "; ".join(failures))
    print("all GPT-2 checks agree")


if __name__ == "__main__":
    main()
