#!/usr/bin/python3
"""The model that ships in assets/models/ has learned what issue 13 asks, checked from the
shipped files alone (not from the training script's report):

- the folder is at most 4 MB;
- a previous-token head: on English text, the mean weight from position i to i − 1 is
  ≥ 0.4 for some head;
- an induction head: on N random tokens repeated twice (N = 20, 26, 32, so a head that looks
  a fixed distance back does not pass), the mean weight from each position
  i of the second copy to i − N + 1 is ≥ 0.4 for some head in a layer after the first;
- in-context copying: the mean loss on the second copy is below the first copy's by a
  clear margin (at least 1 nat per token, and less than half of it).

The numbers come from tests/reference/gpt2_reference.py's float64 PyTorch GPT-2 over the
weights read here by hand from model.safetensors; `attnviz-cli model` must give the same
attention (1e-4) and last logits on the same inputs, so the app shows these heads.

usage: shipped_model_check.py ATTNVIZ_CLI [MODEL_DIR]
"""
import json
import pathlib
import struct
import sys

import numpy as np
import torch

from gpt2_reference import gpt2_forward, model_args, run_cli

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = 20260513  # the test's own; the training script measured with other sequences
LENGTHS, SEQUENCES = (20, 26, 32), 24  # several N: a head that attends a fixed offset back is not an induction head
THRESHOLD = 0.4
TEXT = ("The quick brown fox jumps over the lazy dog. A fool and his money are soon parted, "
        "but a wise man keeps his own counsel and his own cookies. You will meet an important "
        "person who will help you advance professionally; do not tell your mother.")


def read_safetensors(path):
    """name (without "transformer.") → float64 array. F32 and F16 only."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    data = raw[8 + length:]
    dtypes = {"F32": "<f4", "F16": "<f2"}
    weights = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
        weights[name.removeprefix("transformer.")] = array.astype(np.float64)
    return weights


def cli_agrees(cli, folder, ids, attentions, logits, what):
    out = run_cli([cli] + model_args(str(folder), ids))
    worst = max(float(np.abs(np.array(out["attention"][l]) - a).max()) for l, a in enumerate(attentions))
    logit_error = float(np.abs(np.array(out["last_logits"]) - logits[-1]).max())
    print(f"attnviz-cli vs reference on {what}: attention max error {worst:.2g}, last logits {logit_error:.2g}")
    return worst <= 1e-4 and logit_error <= 1e-4 * max(1.0, float(np.abs(logits[-1]).max()))


def table(name, scores):
    return name + ": " + "; ".join(f"layer {l}: " + " ".join(f"{s:.2f}" for s in row) for l, row in enumerate(scores))


def main():
    cli = sys.argv[1]
    folder = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "assets/models/fortunes-gpt2"
    failures = []
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"{folder}: {size / 1e6:.2f} MB")
    if size > 4_000_000:
        failures.append(f"the folder is {size} bytes, more than 4 MB")

    config = json.loads((folder / "config.json").read_text())
    weights = read_safetensors(folder / "model.safetensors")
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    special = {vocab[t] for t in ("<|endoftext|>",) if t in vocab}

    # Previous-token heads, on English text tokenized by attnviz's tokenizer.
    ids = run_cli([cli, "model", "--model", str(folder), "--text", TEXT])["ids"]
    attentions, logits = gpt2_forward(config, weights, ids)
    if not cli_agrees(cli, folder, ids, attentions, logits, f"{len(ids)} tokens of English"):
        failures.append("attnviz-cli's attention or logits differ from the reference on English text")
    previous = [[float(a[h].diagonal(-1).mean()) for h in range(a.shape[0])] for a in attentions]
    print(table("previous-token score", previous))
    if max(max(row) for row in previous) < THRESHOLD:
        failures.append(f"no previous-token head: best {max(max(row) for row in previous):.2f} < {THRESHOLD}")

    # Induction heads and copying, on random tokens repeated twice.
    rng = np.random.default_rng(SEED)
    allowed = np.array([i for i in range(config["vocab_size"]) if i not in special])
    induction = np.zeros((config["n_layer"], config["n_head"]))
    loss_first = loss_second = 0.0
    for s in range(SEQUENCES):
        N = LENGTHS[s % len(LENGTHS)]
        rows = np.arange(N, 2 * N)
        half = rng.choice(allowed, N)
        seq = np.concatenate([half, half]).tolist()
        attentions, logits = gpt2_forward(config, weights, seq)
        for l, a in enumerate(attentions):
            induction[l] += a[:, rows, rows - N + 1].mean(axis=1) / SEQUENCES
        log_probs = torch.log_softmax(torch.from_numpy(logits), dim=-1).numpy()
        target_loss = -log_probs[np.arange(2 * N - 1), seq[1:]]  # [t - 1]: the loss of target t
        loss_first += target_loss[0:N - 1].mean() / SEQUENCES
        loss_second += target_loss[N:2 * N - 1].mean() / SEQUENCES  # target N is unpredictable
        if s == 0 and not cli_agrees(cli, folder, seq, attentions, logits, f"{N} random tokens repeated twice"):
            failures.append("attnviz-cli's attention or logits differ from the reference on a repeated sequence")
    print(table("induction score", induction.tolist()))
    print(f"loss on the first copy {loss_first:.3f}, on the second {loss_second:.3f} (nats per token)")
    best_induction = induction[1:].max()
    if best_induction < THRESHOLD:
        failures.append(f"no induction head in a layer after the first: best {best_induction:.2f} < {THRESHOLD}")
    if not (loss_second <= loss_first - 1.0 and loss_second < 0.5 * loss_first):
        failures.append(f"no clear in-context copying: loss {loss_first:.3f} on the first copy, {loss_second:.3f} on the second")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
