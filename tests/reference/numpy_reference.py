#!/usr/bin/python3
"""Independent reference for attnviz's forward pass, written with numpy from the formulas
(Vaswani et al. 2017), not from the C++ code.

Generates random scenarios (explicit embeddings and wq/wk/wv/wo, 1–4 heads, causal or
random masks, scaling on/off, temperatures, sinusoidal PE on/off, and cross-attention
scenarios (format version 2: queries from the tokens, keys and values from a "source"
sequence of another length)), runs attnviz-cli on each and compares every intermediate
within 1e-9.

usage: /usr/bin/python3 numpy_reference.py path/to/attnviz-cli [count]
"""
import json
import subprocess
import sys

import numpy as np

TOLERANCE = 1e-9


def sinusoidal(tokens, d):
    pos = np.arange(tokens)[:, None]
    two_i = (np.arange(d) // 2 * 2)[None, :]
    angle = pos / np.power(10000.0, two_i / d)
    return np.where(np.arange(d)[None, :] % 2 == 0, np.sin(angle), np.cos(angle))


def softmax_rows(logits):
    out = np.zeros_like(logits)
    for r, row in enumerate(logits):
        if np.all(np.isneginf(row)):
            continue  # fully masked: weights 0, output 0
        e = np.exp(row - row.max())
        out[r] = e / e.sum()
    return out


def entropy_rows(p):
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(np.where(p > 0, p, 1)), 0.0)
    return terms.sum(axis=1)


def reference(s):
    x_embed = np.array(s["embeddings"], dtype=float)
    t, d = x_embed.shape
    h = s["heads"]
    d_k = d // h
    pe = sinusoidal(t, d) if s["positional"] == "sinusoidal" else np.zeros((t, d))
    x = x_embed + pe
    src = s.get("source")
    if src is None:
        sx = x
    else:  # cross-attention: K = S·W_K, V = S·W_V, with S's own positions 0, 1, …
        s_embed = np.array(src["embeddings"], dtype=float)
        sx = s_embed + (sinusoidal(len(s_embed), d) if s["positional"] == "sinusoidal" else 0)
    t_s = len(sx)
    w = {k: np.array(s["projections"][k], dtype=float) for k in ("wq", "wk", "wv", "wo")}
    if s["mask"] == "causal":
        mask = np.tril(np.ones((t, t)))
    elif s["mask"] == "none":
        mask = np.ones((t, t_s))
    else:
        mask = np.array(s["mask"], dtype=float)
    scale = 1 / np.sqrt(d_k) if s["scale"] else 1.0
    q_all, k_all, v_all = x @ w["wq"], sx @ w["wk"], sx @ w["wv"]
    heads = []
    for i in range(h):
        cols = slice(i * d_k, (i + 1) * d_k)
        q, k, v = q_all[:, cols], k_all[:, cols], v_all[:, cols]
        scores = q @ k.T
        logits = np.where(mask == 1, scores * scale / s["temperature"], -np.inf)
        weights = softmax_rows(logits)
        heads.append(dict(q=q, k=k, v=v, scores=scores, logits=logits, weights=weights,
                          output=weights @ v, entropy=entropy_rows(weights)))
    concat = np.concatenate([hd["output"] for hd in heads], axis=1)
    return dict(x=x, source_x=sx, positional=pe, mask=mask, scale_factor=scale, heads=heads, concat=concat,
                output=concat @ w["wo"])


def random_scenario(rng, index):
    heads = int(rng.integers(1, 5))
    d = heads * int(rng.integers(1, 5))
    t = int(rng.integers(1, 13))
    cross = index % 3 == 2  # every third scenario is cross-attention
    t_s = int(rng.integers(1, 13)) if cross else t
    mask_kind = rng.choice(["none", "explicit"] if cross else ["none", "causal", "explicit"])
    if mask_kind == "explicit":
        mask = (rng.random((t, t_s)) < 0.7).astype(int)
        if t > 1:
            mask[int(rng.integers(0, t))] = 0  # also exercise a fully masked row
        mask = mask.tolist()
    else:
        mask = str(mask_kind)
    scenario = {
        "version": 1,
        "tokens": [f"tok{index}_{i}" for i in range(t)],
        "embeddings": rng.normal(0, 1.5, (t, d)).tolist(),
        "heads": heads,
        "projections": {k: rng.normal(0, 1 / np.sqrt(d), (d, d)).tolist() for k in ("wq", "wk", "wv", "wo")},
        "scale": bool(rng.random() < 0.5),
        "temperature": float(rng.choice([0.1, 0.5, 1.0, 2.0, 7.3])),
        "mask": mask,
        "positional": str(rng.choice(["none", "sinusoidal"])),
    }
    if cross:
        scenario["version"] = 2
        scenario["source"] = {"tokens": [f"src{index}_{i}" for i in range(t_s)],
                              "embeddings": rng.normal(0, 1.5, (t_s, d)).tolist()}
    return scenario


def as_array(values):
    """JSON null (a masked logit) becomes −∞."""
    return np.array([[-np.inf if v is None else v for v in row] for row in values], dtype=float)


def compare(name, got, want, failures):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        failures.append(f"{name}: shape {got.shape} != {want.shape}")
        return
    masked = np.isinf(want)
    if not np.array_equal(np.isinf(got), masked):
        failures.append(f"{name}: masked (−∞) entries differ")
        return
    diff = np.abs(got[~masked] - want[~masked])
    # Absolute for small values, relative for large ones (|x|·1e-9).
    bound = TOLERANCE * np.maximum(1.0, np.abs(want[~masked]))
    if (diff > bound).any():
        failures.append(f"{name}: max diff {diff.max():.3e}")


def check(cli, scenario):
    run = subprocess.run([cli, "-"], input=json.dumps(scenario), capture_output=True, text=True)
    if run.returncode != 0:
        return [f"attnviz-cli failed ({run.returncode}): {run.stderr.strip()}"]
    got = json.loads(run.stdout)
    want = reference(scenario)
    failures = []
    for key in ("x", "positional", "mask", "concat", "output"):
        compare(key, got[key], want[key], failures)
    if "source" in scenario:
        compare("source_x", got.get("source_x", []), want["source_x"], failures)
    compare("scale_factor", got["scale_factor"], want["scale_factor"], failures)
    if len(got["heads"]) != len(want["heads"]):
        return failures + ["number of heads differs"]
    for i, (gh, wh) in enumerate(zip(got["heads"], want["heads"])):
        for key in ("q", "k", "v", "scores", "weights", "output", "entropy"):
            compare(f"heads[{i}].{key}", gh[key], wh[key], failures)
        compare(f"heads[{i}].logits", as_array(gh["logits"]), wh["logits"], failures)
    return failures


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cli = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = np.random.default_rng(20170612)  # fixed: a failure must be reproducible
    failed = 0
    for index in range(count):
        scenario = random_scenario(rng, index)
        failures = check(cli, scenario)
        cross = f" T_s={len(scenario['source']['tokens'])} (cross)" if "source" in scenario else ""
        summary = (f"T={len(scenario['tokens'])}{cross} d={len(scenario['embeddings'][0])} heads={scenario['heads']} "
                   f"mask={scenario['mask'] if isinstance(scenario['mask'], str) else 'explicit'} "
                   f"scale={scenario['scale']} temperature={scenario['temperature']} PE={scenario['positional']}")
        print(f"{'ok  ' if not failures else 'FAIL'} scenario {index:2d}: {summary}")
        for f in failures:
            print(f"       {f}")
        failed += bool(failures)
    print(f"{count - failed}/{count} scenarios match numpy within {TOLERANCE}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
