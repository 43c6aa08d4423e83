#!/usr/bin/python3
"""Model mode's numbers against PyTorch: `attnviz-cli model --head L,H` prints one head of
a GPT-2 run as the result JSON every panel reads (core/model/model_result.h); this checks
X (ln_1's output), Q, K, V, the scores, logits, weights, entropy, the head's weighted sums
and its contribution to the residual stream against a float64 PyTorch forward pass,
written here from the safetensors bytes, for the shipped model on a sentence and for a
random GPT-2 (gpt2_reference.py's writer) on random ids. Max abs error ≤ 1e-4 (float32).

usage: /usr/bin/python3 model_result_reference.py NATIVE_CLI SHIPPED_MODEL_DIR
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt2_reference import make_model  # noqa: E402  (a random checkpoint writer)

TOLERANCE = 1e-4


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__" or t["dtype"] != "F32":
            continue
        a, b = t["data_offsets"]
        out[name.removeprefix("transformer.")] = np.frombuffer(data[a:b], dtype="<f4").reshape(t["shape"]).astype(np.float64)
    return out


def head_reference(config, weights, ids, layer, head):
    """Everything the panels show for (layer, head), float64."""
    t = lambda name: torch.tensor(weights[name], dtype=torch.float64)
    E, H, eps = config["n_embd"], config["n_head"], config.get("layer_norm_epsilon", 1e-5)
    d, T = E // H, len(ids)
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (E,), t(p + ".weight"), t(p + ".bias"), eps)
    lin = lambda x, p: x @ t(p + ".weight") + t(p + ".bias")
    x = t("wte.weight")[torch.tensor(ids)] + t("wpe.weight")[:T]
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for l in range(layer + 1):
        h = f"h.{l}."
        xin = ln(x, h + "ln_1")
        q, k, v = lin(xin, h + "attn.c_attn").split(E, dim=-1)
        qh, kh, vh = (m.view(T, H, d).transpose(0, 1) for m in (q, k, v))
        scores = qh @ kh.transpose(-1, -2)
        logits = (scores / math.sqrt(d)).masked_fill(~causal, float("-inf"))
        probs = torch.softmax(logits, dim=-1)
        heads = probs @ vh
        if l == layer:
            wo = t(h + "attn.c_proj.weight")[head * d:(head + 1) * d]
            p = probs[head]
            entropy = -(p * torch.log(torch.where(p > 0, p, torch.ones_like(p)))).sum(-1)
            return {"x": xin, "q": qh[head], "k": kh[head], "v": vh[head], "scores": scores[head], "logits": logits[head],
                    "weights": p, "entropy": entropy, "head_output": heads[head], "output": heads[head] @ wo,
                    "wq": t(h + "attn.c_attn.weight")[:, head * d:(head + 1) * d]}
        x = x + lin(heads.transpose(0, 1).reshape(T, E), h + "attn.c_proj")
        m = lin(ln(x, h + "ln_2"), h + "mlp.c_fc")
        m = 0.5 * m * (1 + torch.tanh(math.sqrt(2 / math.pi) * (m + 0.044715 * m ** 3)))
        x = x + lin(m, h + "mlp.c_proj")


def compare(cli, folder, config, weights, ids, layer, head, label, failures, text=None):
    args = [cli, "model", "--model", folder, "--head", f"{layer},{head}"]
    args += ["--text", text] if text is not None else ["--ids", ",".join(map(str, ids))]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"{label}: {r.stderr.strip()}")
        return
    got = json.loads(r.stdout)
    ref = head_reference(config, weights, ids, layer, head)
    h = got["heads"][0]
    pairs = {"x": got["x"], "q": h["q"], "k": h["k"], "v": h["v"], "scores": h["scores"], "weights": h["weights"],
             "entropy": h["entropy"], "head_output": h["output"], "output": got["output"], "wq": got["wq"]}
    worst = {}
    for name, value in pairs.items():
        worst[name] = float(np.abs(np.array(value, dtype=np.float64) - ref[name].numpy()).max())
    T = len(ids)
    logits = np.array([[np.nan if v is None else v for v in row] for row in h["logits"]], dtype=np.float64)
    upper = ~np.tril(np.ones((T, T), dtype=bool))
    masked_ok = np.all(np.isnan(logits[upper])) and np.all(np.array(got["mask"])[upper] == 0)
    worst["logits"] = float(np.abs(logits[~upper] - ref["logits"].numpy()[~upper]).max())
    shape_ok = got["d_model"] == config["n_embd"] and got["d_k"] == config["n_embd"] // config["n_head"] and got["num_heads"] == 1
    ok = max(worst.values()) <= TOLERANCE and masked_ok and shape_ok
    print(f"{'ok  ' if ok else 'FAIL'} {label} layer {layer} head {head}, T={T}: "
          + ", ".join(f"{k} {v:.2g}" for k, v in worst.items()) + ("" if masked_ok else ", mask wrong"))
    if not ok:
        failures.append(f"{label} {layer}.{head}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cli, shipped = sys.argv[1], sys.argv[2]
    failures = []
    config = json.load(open(os.path.join(shipped, "config.json")))
    weights = read_safetensors(os.path.join(shipped, "model.safetensors"))
    text = "A fool and his money are soon parted. A fool and his money"
    ids = json.loads(subprocess.run([cli, "bpe", "--model", shipped, "--text", text], capture_output=True, text=True, check=True).stdout)[0]["ids"]
    for layer, head in [(0, 1), (1, 2), (config["n_layer"] - 1, config["n_head"] - 1)]:
        compare(cli, shipped, config, weights, ids, layer, head, "shipped model, --text", failures, text=text)
    with tempfile.TemporaryDirectory() as folder:
        shape = {"n_layer": 2, "n_head": 3, "n_embd": 24, "vocab_size": 50, "n_positions": 16, "dtype": "F32", "prefix": True}
        config, weights = make_model(folder, shape, 7)
        ids = [int(i) for i in np.random.default_rng(3).integers(0, 50, 16)]
        for layer, head in [(0, 0), (1, 2)]:
            compare(cli, folder, config, weights, ids, layer, head, "random GPT-2", failures)
    if failures:
        sys.exit("failed: " + "; ".join(failures))
    print("model mode's head results agree with PyTorch")


if __name__ == "__main__":
    main()
