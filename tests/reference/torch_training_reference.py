#!/usr/bin/python3
"""An independent check of the training playground: PyTorch (Debian's python3-torch, float64)
rebuilds the model from the formulas in docs/training.md, takes attnviz-cli's initial
parameters and batches (`train --trace`), computes every gradient with autograd and applies
torch.optim.Adam / torch.optim.SGD. Each step's loss and the final parameters must agree
with attnviz-cli's hand-derived backward pass and its own Adam and SGD.

usage: /usr/bin/python3 torch_training_reference.py ATTNVIZ_CLI
"""
import json
import math
import subprocess
import sys

import torch

torch.set_default_dtype(torch.float64)

RUNS = [  # every task and output kind, both optimisers, 1–4 heads, positions and causal mask
    ["--task", "classic", "--steps", "25"],
    ["--task", "copy", "--steps", "12", "--batch", "4", "--d-model", "8"],
    ["--task", "reverse", "--steps", "12", "--batch", "4", "--heads", "2"],
    ["--task", "previous", "--steps", "12", "--batch", "3", "--optimizer", "sgd", "--lr", "0.3", "--causal", "on"],
    ["--task", "sort", "--steps", "10", "--batch", "4", "--d-model", "16", "--heads", "4"],
]
NAMES = ["embedding", "W_Q", "W_K", "W_V", "W_O", "W_out", "b_out"]


def tensor(rows, width=0):
    if not rows:  # an empty matrix (no embedding table for the classic task)
        return torch.zeros(0, width)
    return torch.tensor(rows)


def positional(tokens, d):
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(...) (Vaswani et al. 2017)."""
    pe = torch.zeros(tokens, d)
    for col in range(d):
        two_i = col - col % 2
        for pos in range(tokens):
            angle = pos / 10000 ** (two_i / d)
            pe[pos, col] = math.sin(angle) if col % 2 == 0 else math.cos(angle)
    return pe


def example_loss(p, example, config):
    """Summed loss over the example's scored tokens, and how many there are."""
    if "vectors" in example:
        x = torch.tensor(example["vectors"])
    else:
        x = p["embedding"][torch.tensor(example["tokens"])]
        if config["positional"]:
            x = x + positional(x.shape[0], config["d_model"])
    t, d, h = x.shape[0], config["d_model"], config["heads"]
    dk = d // h
    q, k, v = x @ p["W_Q"], x @ p["W_K"], x @ p["W_V"]
    heads = []
    for i in range(h):
        block = slice(i * dk, (i + 1) * dk)
        scores = q[:, block] @ k[:, block].T / math.sqrt(dk)
        if config["causal"]:
            scores = scores.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
        heads.append(torch.softmax(scores, dim=1) @ v[:, block])
    z = torch.cat(heads, dim=1) @ p["W_O"] @ p["W_out"] + p["b_out"]
    targets = torch.tensor(example["targets"])
    scored = targets >= 0
    if z.shape[1] == 1:  # sigmoid output, binary cross-entropy
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            z[scored, 0], targets[scored].to(torch.float64), reduction="sum")
    else:
        loss = torch.nn.functional.cross_entropy(z[scored], targets[scored], reduction="sum")
    return loss, int(scored.sum())


def check(cli, args):
    report = json.loads(subprocess.run([cli, "train", *args, "--trace"], capture_output=True, text=True,
                                       check=True).stdout)
    config, trace = report["config"], report["trace"]
    d = config["d_model"]
    p = {n: tensor(trace["initial_parameters"][n], d).requires_grad_() for n in NAMES}
    if config["optimizer"] == "adam":
        optimizer = torch.optim.Adam(p.values(), lr=config["learning_rate"], betas=(0.9, 0.999), eps=1e-8)
    else:
        optimizer = torch.optim.SGD(p.values(), lr=config["learning_rate"])
    worst_loss = 0.0
    for batch, attnviz_loss in zip(trace["batches"], trace["step_losses"]):
        optimizer.zero_grad()
        total, scored = 0.0, 0
        for example in batch:
            loss, n = example_loss(p, example, config)
            total, scored = total + loss, scored + n
        mean = total / scored
        mean.backward()
        optimizer.step()
        # attnviz keeps each step's loss as a float (the curves' history): compare to float precision.
        worst_loss = max(worst_loss, abs(mean.item() - attnviz_loss) / max(abs(mean.item()), 1e-30))
    worst_param = 0.0
    for n in NAMES:
        mine = tensor(trace["final_parameters"][n], d)
        if mine.numel():
            worst_param = max(worst_param, (p[n].detach() - mine).abs().max().item())
    ok = worst_loss < 1e-6 and worst_param < 1e-9
    print(f"{'ok  ' if ok else 'FAIL'} {' '.join(args)} ({config['optimizer']}, {len(trace['batches'])} steps): "
          f"step losses agree to {worst_loss:.2g} (relative), final parameters to {worst_param:.2g} (absolute)")
    return ok


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    results = [check(sys.argv[1], args) for args in RUNS]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
