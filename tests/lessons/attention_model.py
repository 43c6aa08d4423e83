"""An independent model of attnviz's forward pass for the lesson checks, written with numpy
from docs/scenario-format.md (SplitMix64, FNV-1a, the tokenizers, the formulas), not from
the C++ code. It reads scenario JSON, versions 1 and 2 (with a cross-attention "source")."""
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from numpy_reference import sinusoidal, softmax_rows  # noqa: E402  (the formulas, written once)

MASK64 = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, state):
        self.state = state & MASK64

    def uniform(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        return 2.0 * ((mix(self.state) >> 11) * 2.0 ** -53) - 1.0


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & MASK64
    return h


def round_half_away(x):
    return float(np.sign(x) * np.floor(abs(x) * 100 + 0.5) / 100)


def tokenize(text, tokenizer):
    if tokenizer == "chars":
        return [c for c in text if not c.isspace()]
    # CJK ideographs, kana and CJK punctuation alone; other non-ASCII runs and ASCII words; punctuation alone
    cjk = "\u2e80-\u2fdf\u3001-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff65\U00020000-\U0003ffff"
    return re.findall(r"[" + cjk + r"]|[^\x00-\x7f" + cjk + r"]+|[A-Za-z0-9]+|[!-/:-@\[-`{-~]", text)


def tokens_of(s):
    return s["tokens"] if "tokens" in s else tokenize(s["text"], s.get("tokenizer", "words"))


def embeddings_of(s, tokens, dim):
    if "embeddings" in s:
        return np.array(s["embeddings"], dtype=float)
    seed = s.get("embedding", {}).get("seed", 0)
    rows = []
    for t in tokens:
        rng = SplitMix64(fnv1a64(t) ^ mix(seed))
        rows.append([round_half_away(rng.uniform()) for _ in range(dim)])
    return np.array(rows)


def projections_of(s, d):
    p = s.get("projections", "identity")
    if p == "identity":
        return {k: np.eye(d) for k in ("wq", "wk", "wv", "wo")}
    if "seed" in p:
        rng = SplitMix64(p["seed"])
        a = np.sqrt(3.0 / d)
        return {k: np.array([[a * rng.uniform() for _ in range(d)] for _ in range(d)]) for k in ("wq", "wk", "wv", "wo")}
    return {k: np.array(p[k], dtype=float) for k in ("wq", "wk", "wv", "wo")}


def compute(s):
    """Every intermediate as numpy arrays, 0-based: x, source_x, heads[h]{q,k,v,scores,logits,weights,output,entropy}, concat, output."""
    tokens = tokens_of(s)
    d = len(s["embeddings"][0]) if "embeddings" in s else s.get("embedding", {}).get("dim", 4)
    pe_on = s.get("positional", "none") == "sinusoidal"
    x = embeddings_of(s, tokens, d) + (sinusoidal(len(tokens), d) if pe_on else 0)
    src = s.get("source")
    if src is not None:
        src_tokens = tokens_of(src)
        sx = embeddings_of(src, src_tokens, d) + (sinusoidal(len(src_tokens), d) if pe_on else 0)
    else:
        src_tokens, sx = tokens, x
    h = s.get("heads", 1)
    d_k = d // h
    w = projections_of(s, d)
    mask = s.get("mask", "none")
    t, ts = len(tokens), len(src_tokens)
    mask = np.tril(np.ones((t, ts))) if mask == "causal" else np.ones((t, ts)) if mask == "none" else np.array(mask, float)
    scale = 1 / np.sqrt(d_k) if s.get("scale", True) else 1.0
    tau = s.get("temperature", 1.0)
    q_all, k_all, v_all = x @ w["wq"], sx @ w["wk"], sx @ w["wv"]
    heads = []
    for i in range(h):
        c = slice(i * d_k, (i + 1) * d_k)
        q, k, v = q_all[:, c], k_all[:, c], v_all[:, c]
        scores = q @ k.T
        logits = np.where(mask == 1, scores * scale / tau, -np.inf)
        weights = softmax_rows(logits)
        with np.errstate(divide="ignore", invalid="ignore"):
            entropy = np.where(weights > 0, -weights * np.log(np.where(weights > 0, weights, 1)), 0).sum(axis=1)
        heads.append(dict(q=q, k=k, v=v, scores=scores, logits=logits, weights=weights, output=weights @ v, entropy=entropy))
    concat = np.concatenate([hd["output"] for hd in heads], axis=1)
    return dict(tokens=tokens, source_tokens=src_tokens, x=x, source_x=sx, d_model=d, d_k=d_k, heads=heads,
                concat=concat, output=concat @ w["wo"], scale_factor=scale, w=w)


def merge_patch(target, patch):
    """RFC 7386."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out
