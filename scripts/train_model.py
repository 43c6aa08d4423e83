#!/usr/bin/python3
"""Trains the small GPT-2 that ships with attnviz and writes it as a Hugging Face-style
folder (config.json, model.safetensors, vocab.json, merges.txt, README.md model card).

The data is Debian's `fortunes` (English). The tokenizer is the script's own byte-level BPE,
trained here with GPT-2's pre-tokenising pattern and byte-to-unicode table, so attnviz's
loader and tokenizer (core/model/bpe.*) serve it exactly as they serve GPT-2. Half of the
training sequences hold a span of random tokens repeated once (Olsson et al. 2022, "In-context
learning and induction heads"), which makes an induction head form within the budget.

Deterministic: the same seed, thread count and machine give the same bytes in every file but
the card (which records the wall time); the card lists the other files' SHA-256.

usage: /usr/bin/python3 scripts/train_model.py [--out assets/models/fortunes-gpt2] [--steps N]
       [--merges N] [--seed S] [--probe]    (--probe: time 20 steps and exit)
Needs python3-torch, python3-numpy, python3-regex, libopenblas0-pthread, fortunes.
"""
import argparse
import hashlib
import heapq
import json
import math
import os
import pathlib
import struct
import subprocess
import sys
import time
from collections import Counter

# Before numpy and torch load OpenBLAS: its thread pool is sized when it starts (see --threads).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import regex
import torch
import torch.nn as nn
import torch.nn.functional as F

FORTUNE_DIR = pathlib.Path("/usr/share/games/fortunes")
CHINESE_FILES = {"chinese", "song100", "tang300"}  # from fortunes-zh: not used (see the card)
PATTERN = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
END_OF_TEXT = "<|endoftext|>"


# ---------------------------------------------------------------- data

def package_version(name):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else "not installed"


def read_fortunes():
    """Every English fortune (the `fortunes` and `fortunes-min` files; never the `off/`
    folder), in a fixed order, each stripped of trailing spaces."""
    files = sorted(p for p in FORTUNE_DIR.iterdir()
                   if p.is_file() and not p.is_symlink() and p.suffix != ".dat" and p.name not in CHINESE_FILES)
    if not files:
        sys.exit(f"train_model: no fortune files in {FORTUNE_DIR}: apt-get install fortunes")
    texts = []
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        for chunk in raw.split("\n%\n"):
            text = "\n".join(line.rstrip() for line in chunk.strip("%\n").split("\n")).strip("\n")
            if text:
                texts.append(text)
    return [p.name for p in files], texts


# ---------------------------------------------------------------- byte-level BPE

def byte_alphabet():
    """Byte → the character vocab.json writes it as (GPT-2's bytes_to_unicode)."""
    kept = [b for b in range(256) if 33 <= b <= 126 or 161 <= b <= 172 or 174 <= b <= 255]
    moved = [b for b in range(256) if b not in kept]
    table = {b: chr(b) for b in kept}
    table.update({b: chr(256 + n) for n, b in enumerate(moved)})
    return [table[b] for b in kept + moved], table


def join_pair(symbols, pair):
    """symbols with every non-overlapping occurrence of pair (left to right) joined."""
    merged, k = [], 0
    while k < len(symbols):
        if k + 1 < len(symbols) and (symbols[k], symbols[k + 1]) == pair:
            merged.append(symbols[k] + symbols[k + 1])
            k += 2
        else:
            merged.append(symbols[k])
            k += 1
    return merged


def train_bpe(texts, merges_wanted):
    """Merges learned from pre-tokenised words: repeatedly join the most frequent adjacent
    pair (ties: the lexicographically smallest pair, for determinism). Pair counts are
    updated only in the words a merge touches, with a lazily invalidated max-heap."""
    _, table = byte_alphabet()
    counts = Counter()
    for text in texts:
        counts.update(PATTERN.findall(text))
    words = [list("".join(table[b] for b in w.encode("utf-8"))) for w in sorted(counts)]
    freq = [counts[w] for w in sorted(counts)]
    pair_count, where = Counter(), {}
    for i, symbols in enumerate(words):
        for pair in zip(symbols, symbols[1:]):
            pair_count[pair] += freq[i]
            where.setdefault(pair, set()).add(i)
    heap = [(-c, pair) for pair, c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < merges_wanted and heap:
        negative, pair = heapq.heappop(heap)
        if pair_count.get(pair, 0) != -negative or negative == 0:
            continue  # stale entry
        merges.append(pair)
        changed = set()
        for i in sorted(where.pop(pair, ())):
            symbols = words[i]
            for old in zip(symbols, symbols[1:]):
                pair_count[old] -= freq[i]
                changed.add(old)
            merged = join_pair(symbols, pair)
            words[i] = merged
            for new in zip(merged, merged[1:]):
                pair_count[new] += freq[i]
                where.setdefault(new, set()).add(i)
                changed.add(new)
        for p in sorted(changed):
            if pair_count[p] > 0:
                heapq.heappush(heap, (-pair_count[p], p))
            else:
                pair_count.pop(p, None)
    return merges


class Bpe:
    """GPT-2's encoding loop (lowest-ranked pair first) over our own merges."""

    def __init__(self, merges):
        alphabet, self.table = byte_alphabet()
        self.rank = {pair: r for r, pair in enumerate(merges)}
        tokens = alphabet + [a + b for a, b in merges] + [END_OF_TEXT]
        self.vocab = {t: i for i, t in enumerate(tokens)}
        self.tokens = tokens
        self.cache = {}

    def word(self, word):
        if word in self.cache:
            return self.cache[word]
        symbols = [self.table[b] for b in word.encode("utf-8")]
        while len(symbols) > 1:
            best = min(zip(symbols, symbols[1:]), key=lambda p: self.rank.get(p, math.inf))
            if best not in self.rank:
                break
            symbols = join_pair(symbols, best)
        ids = [self.vocab[s] for s in symbols]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        return [i for w in PATTERN.findall(text) for i in self.word(w)]


# ---------------------------------------------------------------- model

class Block(nn.Module):
    def __init__(self, d, n_head):
        super().__init__()
        self.n_head = n_head
        self.ln_1, self.ln_2 = nn.LayerNorm(d, eps=1e-5), nn.LayerNorm(d, eps=1e-5)
        self.c_attn, self.attn_proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.c_fc, self.mlp_proj = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x, mask):
        B, T, d = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=2)
        heads = lambda t: t.view(B, T, self.n_head, d // self.n_head).transpose(1, 2)
        q, k, v = heads(q), heads(k), heads(v)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.n_head)
        weights = torch.softmax(scores.masked_fill(mask[:T, :T], float("-inf")), dim=-1)
        x = x + self.attn_proj((weights @ v).transpose(1, 2).reshape(B, T, d))
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))
        return x, weights


class Gpt2(nn.Module):
    def __init__(self, vocab_size, n_positions, n_embd, n_layer, n_head):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab_size, n_embd), nn.Embedding(n_positions, n_embd)
        self.blocks = nn.ModuleList(Block(n_embd, n_head) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(n_embd, eps=1e-5)
        self.register_buffer("mask", torch.triu(torch.ones(n_positions, n_positions, dtype=torch.bool), 1))
        # GPT-2's initialisation: PyTorch's default N(0, 1) embeddings kept induction heads
        # from forming here (TOOLCHAIN.md).
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, ids):
        T = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(T))
        attention = []
        for block in self.blocks:
            x, w = block(x, self.mask)
            attention.append(w)
        return self.ln_f(x) @ self.wte.weight.T, attention  # tied lm_head


# ---------------------------------------------------------------- training data

def windows(rng, tokens, size, T):
    starts = rng.integers(0, len(tokens) - T - 1, size)
    return np.stack([tokens[s:s + T + 1] for s in starts]).astype(np.int64)


def with_repeated_spans(rng, x, vocab_random, shortest, longest):
    """Writes into each row a span of random tokens (length shortest…longest) at two places, so the
    second copy is predictable only by looking back at the first."""
    T = x.shape[1] - 1
    for row in range(x.shape[0]):
        span = int(rng.integers(shortest, min(longest, (T + 1) // 2) + 1))
        gap = int(rng.integers(0, T + 1 - 2 * span + 1))
        first = int(rng.integers(0, T + 1 - 2 * span - gap + 1))
        random_tokens = rng.integers(0, vocab_random, span)
        x[row, first:first + span] = random_tokens
        x[row, first + span + gap:first + 2 * span + gap] = random_tokens
    return x


# ---------------------------------------------------------------- measurements

@torch.no_grad()
def natural_text_measures(model, tokens, T, count, seed):
    """Held-out loss and, per layer and head, the previous-token score (mean weight from
    position i to i − 1) and the first-token sink share (mean weight to position 0), over
    queries i ≥ 1 of `count` evenly spaced windows."""
    starts = np.linspace(0, len(tokens) - T - 1, count).astype(np.int64)
    x = torch.from_numpy(np.stack([tokens[s:s + T + 1] for s in starts]).astype(np.int64))
    logits, attention = model(x[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1)).item()
    prev = [[w[:, h].diagonal(offset=-1, dim1=1, dim2=2).mean().item() for h in range(w.shape[1])] for w in attention]
    sink = [[w[:, h, 1:, 0].mean().item() for h in range(w.shape[1])] for w in attention]
    return loss, prev, sink


@torch.no_grad()
def repeated_random_measures(model, vocab_random, N, count, seed):
    """On `count` sequences of N random tokens repeated twice: per layer and head the
    induction score (mean weight from each position i of the second copy to i − N + 1,
    the token after i's earlier occurrence), and the mean loss on each copy (targets 1…N−1
    in the first, N+1…2N−1 in the second: the second copy's first token is unpredictable)."""
    rng = np.random.default_rng(seed)
    half = rng.integers(0, vocab_random, (count, N))
    x = torch.from_numpy(np.concatenate([half, half], axis=1).astype(np.int64))
    logits, attention = model(x)
    ce = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1), reduction="none")
    ce = ce.view(count, 2 * N - 1)  # ce[:, t - 1] is the loss of target t
    loss_first, loss_second = ce[:, 0:N - 1].mean().item(), ce[:, N:2 * N - 1].mean().item()
    rows = torch.arange(N, 2 * N)
    induction = [[w[:, h, rows, rows - N + 1].mean().item() for h in range(w.shape[1])] for w in attention]
    return induction, loss_first, loss_second


# ---------------------------------------------------------------- files

def write_safetensors(path, tensors):
    """tensors: (name, float32 array) in order. 8-byte LE header length, JSON header (keys
    sorted, padded to 8 bytes), then the raw little-endian float32 data."""
    header, blobs, offset = {}, [], 0
    for name, array in tensors:
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def gpt2_tensors(model):
    """Hugging Face GPT2LMHeadModel names and GPT-2's Conv1D layout ([in, out], so each
    nn.Linear weight is transposed). lm_head is tied to wte and not stored."""
    t = lambda p: p.detach().numpy()
    out = [("transformer.wte.weight", t(model.wte.weight)), ("transformer.wpe.weight", t(model.wpe.weight))]
    for l, b in enumerate(model.blocks):
        h = f"transformer.h.{l}."
        out += [(h + "ln_1.weight", t(b.ln_1.weight)), (h + "ln_1.bias", t(b.ln_1.bias)),
                (h + "attn.c_attn.weight", t(b.c_attn.weight).T), (h + "attn.c_attn.bias", t(b.c_attn.bias)),
                (h + "attn.c_proj.weight", t(b.attn_proj.weight).T), (h + "attn.c_proj.bias", t(b.attn_proj.bias)),
                (h + "ln_2.weight", t(b.ln_2.weight)), (h + "ln_2.bias", t(b.ln_2.bias)),
                (h + "mlp.c_fc.weight", t(b.c_fc.weight).T), (h + "mlp.c_fc.bias", t(b.c_fc.bias)),
                (h + "mlp.c_proj.weight", t(b.mlp_proj.weight).T), (h + "mlp.c_proj.bias", t(b.mlp_proj.bias))]
    out += [("transformer.ln_f.weight", t(model.ln_f.weight)), ("transformer.ln_f.bias", t(model.ln_f.bias))]
    return out


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def head_kind(prev, induction, sink, layer):
    kinds = []
    if prev >= 0.4:
        kinds.append("previous-token")
    if induction >= 0.4 and layer > 0:
        kinds.append("induction")
    if sink >= 0.4:
        kinds.append("first-token sink")
    return ", ".join(kinds) if kinds else "mixed / content-based"


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="assets/models/fortunes-gpt2")
    ap.add_argument("--steps", type=int, default=5000)
    ap.add_argument("--merges", type=int, default=512)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=8, help="natural-text rows of 128 tokens; twice as many repeated-span rows of 64")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--span-min", type=int, default=8, help="shortest repeated random span")
    ap.add_argument("--span-max", type=int, default=32, help="longest repeated random span")
    ap.add_argument("--probe", action="store_true", help="time 20 training steps and exit")
    args = ap.parse_args()
    cfg = dict(n_layer=2, n_head=4, n_embd=128, n_positions=128)
    T, batch_size, lr, warmup = 128, args.batch, args.lr, 100

    # One thread: on this shared 2-core machine two threads (torch's and OpenBLAS's
    # spinning workers) made a step 6× slower than one. The bytes depend on it.
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)
    started = time.time()

    files, texts = read_fortunes()
    held_out = texts[::20]  # every 20th fortune: never trained on, neither by the BPE nor the model
    train = [t for i, t in enumerate(texts) if i % 20]
    merges = train_bpe(train, args.merges)
    bpe = Bpe(merges)
    eot = bpe.vocab[END_OF_TEXT]
    vocab_size = len(bpe.tokens)
    vocab_random = eot  # random spans draw from every id but <|endoftext|>
    join = lambda parts: np.array([i for t in parts for i in bpe.encode(t) + [eot]], dtype=np.int64)
    train_tokens, held_tokens = join(train), join(held_out)
    bpe_seconds = time.time() - started
    print(f"corpus: {len(texts)} fortunes from {len(files)} files; vocabulary {vocab_size}; "
          f"{len(train_tokens)} training and {len(held_tokens)} held-out tokens ({bpe_seconds:.0f} s)", flush=True)

    model = Gpt2(vocab_size, cfg["n_positions"], cfg["n_embd"], cfg["n_layer"], cfg["n_head"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    schedule = lambda s: min(1.0, (s + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * s / args.steps)))
    steps = 20 if args.probe else args.steps
    log, train_started = [], time.time()
    for step in range(steps):
        for group in optimizer.param_groups:
            group["lr"] = lr * schedule(step)
        # Natural text fills the whole context; the repeated-span rows are shorter (the
        # recipe that formed an induction head, TOOLCHAIN.md) and as many tokens in all.
        natural = torch.from_numpy(windows(rng, train_tokens, batch_size, T))
        repeated = torch.from_numpy(with_repeated_spans(rng, windows(rng, train_tokens, 2 * batch_size, T // 2), vocab_random,
                                                        args.span_min, args.span_max))
        loss = sum(F.cross_entropy(model(x[:, :-1])[0].reshape(-1, vocab_size), x[:, 1:].reshape(-1)) / 2
                   for x in (natural, repeated))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 100 == 0 or step == steps - 1:
            model.eval()
            induction, l1, l2 = repeated_random_measures(model, vocab_random, 32, 16, args.seed + 1)
            model.train()
            best = max(max(row) for row in induction[1:])
            elapsed = time.time() - train_started
            print(f"step {step:5d}  loss {loss.item():.3f}  induction {best:.2f}  copy loss {l1:.2f}→{l2:.2f}  "
                  f"{elapsed / (step + 1):.3f} s/step", flush=True)
            log.append((step, loss.item(), best))
    train_seconds = time.time() - train_started
    if args.probe:
        print(f"probe: {train_seconds / steps:.3f} s a step")
        return

    model.eval()
    N, eval_T = 32, cfg["n_positions"]
    held_loss, prev, sink = natural_text_measures(model, held_tokens, eval_T, 64, args.seed)
    train_loss, _, _ = natural_text_measures(model, train_tokens, eval_T, 64, args.seed)
    induction, loss_first, loss_second = repeated_random_measures(model, vocab_random, N, 64, args.seed + 2)
    # The repeated spans were trained within 64 positions; how far does copying carry?
    induction_long, long_first, long_second = repeated_random_measures(model, vocab_random, 60, 64, args.seed + 3)

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    config = {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "bos_token_id": eot,
              "eos_token_id": eot, "layer_norm_epsilon": 1e-5, "model_type": "gpt2", "n_ctx": cfg["n_positions"],
              "n_embd": cfg["n_embd"], "n_head": cfg["n_head"], "n_inner": None, "n_layer": cfg["n_layer"],
              "n_positions": cfg["n_positions"], "tie_word_embeddings": True, "vocab_size": vocab_size}
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out / "vocab.json").write_text(json.dumps(bpe.vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "merges.txt").write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges), encoding="utf-8")
    write_safetensors(out / "model.safetensors", gpt2_tensors(model))
    hashes = {name: sha256(out / name) for name in ("config.json", "model.safetensors", "vocab.json", "merges.txt")}

    total_seconds = time.time() - started
    params = sum(p.numel() for p in model.parameters())
    rows = []
    for l in range(cfg["n_layer"]):
        for h in range(cfg["n_head"]):
            rows.append(f"| {l} | {h} | {prev[l][h]:.2f} | {induction[l][h]:.2f} | {sink[l][h]:.2f} | "
                        f"{head_kind(prev[l][h], induction[l][h], sink[l][h], l)} |")
    curve = "\n".join(f"| {s} | {ls:.3f} | {ind:.2f} |" for s, ls, ind in log[::2] + ([log[-1]] if len(log) % 2 == 0 else []))
    card = f"""# fortunes-gpt2: a tiny GPT-2 trained by attnviz

A {cfg['n_layer']}-layer GPT-2 ({params:,} parameters) trained from scratch by
`scripts/train_model.py` so that attnviz has a real trained model to show. It writes
English that looks like fortune cookies from far away; it is here for its attention
heads, which are measured below.

## Data
Debian's `fortunes` {package_version('fortunes')} and `fortunes-min` {package_version('fortunes-min')}
(/usr/share/games/fortunes: {', '.join(files)}; not the offensive `off/` set):
{len(texts)} fortunes, every 20th held out ({len(held_out)}), the rest for training
({len(train_tokens):,} tokens, {len(held_tokens):,} held out). Each fortune ends with `{END_OF_TEXT}`.

`fortunes-zh` ({package_version('fortunes-zh')}: Tang and Song poetry) is **not** used: it is half of the
text, and its ~6 000 distinct characters are 3 UTF-8 bytes each, so with a vocabulary of
about a thousand tokens Chinese would be mostly raw bytes (three tokens a character),
taking half of the training budget and of the 128-token context for text the model could
barely learn on 2 CPU cores. Chinese still tokenizes (byte-level BPE never fails); the
model just has not learned it.

## Tokenizer
Byte-level BPE trained by the script on the training fortunes: GPT-2's pre-tokenising pattern
and byte-to-unicode table, {len(merges)} merges (`merges.txt`, `#version: 0.2`), vocabulary
{vocab_size} = 256 bytes + {len(merges)} merges + `{END_OF_TEXT}` (id {eot}). attnviz's GPT-2
tokenizer reads it unchanged.

## Architecture
GPT-2: n_layer {cfg['n_layer']}, n_head {cfg['n_head']}, n_embd {cfg['n_embd']}, n_positions {cfg['n_positions']},
pre-LayerNorm blocks (ε 1e-5), gelu_new (tanh), lm_head tied to wte; float32 safetensors in
Hugging Face GPT2LMHeadModel names and GPT-2's Conv1D layout.

## Training
Seed {args.seed}; {args.steps} steps of AdamW (lr {lr}, warm-up {warmup} steps then cosine to {lr / 10:g},
weight decay 0.01, gradient clip 1.0); GPT-2's initialisation (normal, std 0.02; zero biases).
Each step: {batch_size} windows of {T} tokens of natural text, and {2 * batch_size} windows of {T // 2}
tokens each holding a span of {args.span_min}…{args.span_max} uniformly random token ids written twice at random
places (Olsson et al. 2022), so an induction head forms; both halves weigh equally in the loss.
Run with `/usr/bin/python3 scripts/train_model.py` (PyTorch {torch.__version__}, OpenBLAS,
{args.threads} thread(s)) on a 2-core machine shared with other work: tokenizer {bpe_seconds:.0f} s,
training {train_seconds / 60:.1f} min ({train_seconds / args.steps:.2f} s a step), {total_seconds / 60:.1f} min in all.

| step | batch loss | best induction score (layer ≥ 1) |
|---:|---:|---:|
{curve}

## Result
- Loss (nats per token, natural text, 64 windows of {eval_T}): train {train_loss:.3f}, held-out {held_loss:.3f}.
- {N} random tokens repeated twice (64 sequences): loss on the first copy {loss_first:.2f}, on the
  second {loss_second:.2f} — the model copies in context. With 60 tokens repeated (positions
  up to 119, past the 64 the repeated spans were trained on): {long_first:.2f} → {long_second:.2f},
  best induction score in layer ≥ 1 {max(max(r) for r in induction_long[1:]):.2f}.

## What the heads do (measured by the script)
Previous-token: mean weight from position i to i − 1 on held-out text; first-token sink:
mean weight to position 0 (same windows, queries i ≥ 1); induction: on {N} random tokens
repeated twice, mean weight from each position i of the second copy to i − {N} + 1 (the
token after i's earlier occurrence). Layers and heads count from 0.

| layer | head | previous-token | induction | first-token sink | reading (≥ 0.4) |
|---:|---:|---:|---:|---:|---|
{chr(10).join(rows)}

## Reproducing
`/usr/bin/python3 scripts/train_model.py --out assets/models/fortunes-gpt2 --steps {args.steps} --merges {args.merges} --seed {args.seed} --batch {args.batch} --lr {args.lr:g} --span-min {args.span_min} --span-max {args.span_max}`
gives these files byte for byte on the same machine and thread count (floating-point
sums may differ on another CPU or BLAS). SHA-256 of this run's files:

{chr(10).join(f'- `{name}`: `{digest}`' for name, digest in hashes.items())}

`tests/reference/shipped_model_check.py` (CTest: "model: the shipped model has previous-token
and induction heads") measures the previous-token and induction scores and the copying loss
again from these files, on its own text and random sequences (N = 20, 26, 32), with the
float64 PyTorch GPT-2 of `tests/reference/gpt2_reference.py`, and checks that
`attnviz-cli model` gives the same attention.
"""
    (out / "README.md").write_text(card, encoding="utf-8")
    size = sum(p.stat().st_size for p in out.iterdir())
    print(f"wrote {out} ({size / 1e6:.2f} MB) in {total_seconds / 60:.1f} min; held-out loss {held_loss:.3f}, "
          f"copies {loss_first:.2f}→{loss_second:.2f}")
    for name, digest in hashes.items():
        print(f"  {digest}  {name}")


if __name__ == "__main__":
    main()
