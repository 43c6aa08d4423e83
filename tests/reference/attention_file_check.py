"""Attention files written from Python, read back by `attnviz-cli attention`.

1. attention_file_writer.py (NumPy) writes random softmax attention — bidirectional and
   causal, JSON and safetensors (F32, F16, BF16), T = 1024 for one head — and attnviz must
   print exactly the same float32 numbers, the tokens, the shape and causal; its summary
   must match NumPy's.
2. The Python script in docs/attention-files.md runs as written against a stand-in for
   `transformers` (not installable here; no weights can be downloaded): a tiny PyTorch
   attention model with the calls the script makes. attnviz must read exactly the weights
   that model returned, GPT-style and BERT-style, through both of the script's encodings.
3. Bad files: exit status 2 and one line naming the problem.

usage: attention_file_check.py ATTNVIZ_CLI numpy|script   (1 and 3 | 2: two CTest entries,
which ctest -j runs side by side)"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import attention_file_writer as writer  # noqa: E402

CLI = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "..", "..", "docs", "attention-files.md")
TMP = tempfile.mkdtemp(prefix="attnviz_attention_")
TOKENS_POOL = ["The", " cat", "Ġsat", "自", "注意", '"q"', "\\", "\n", "", "😀", "[CLS]", "##s"]
failures = []
rng = np.random.default_rng(14)


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    return subprocess.run([CLI, "attention", *args], capture_output=True, text=True)


def read_back(path, *args):
    r = run(path, *args)
    if r.returncode != 0:
        raise SystemExit(f"attnviz-cli attention {path} {' '.join(args)} failed: {r.stderr}")
    return json.loads(r.stdout)


def tokens_for(t):
    return [TOKENS_POOL[i % len(TOKENS_POOL)] + (str(i) if i >= len(TOKENS_POOL) else "") for i in range(t)]


def same_float32(printed, expected):
    got = np.asarray(printed, dtype=np.float64)  # 9 significant digits: the same float32 back
    return got.shape == expected.shape and np.array_equal(got.astype(np.float32), expected)


def numpy_writer():
    """NumPy writes random softmax attention; attnviz reads the same float32 numbers."""
    cases = [  # layers, heads, T, causal, encoding, dtype, causal written into the file
        (2, 3, 7, False, "json", "F32", True),
        (2, 2, 5, True, "json", "F32", True),
        (1, 4, 6, True, "json", "F32", False),
        (3, 4, 33, True, "safetensors", "F32", False),
        (2, 3, 9, False, "safetensors", "F32", True),
        (2, 2, 12, False, "safetensors", "F16", False),
        (1, 2, 10, True, "safetensors", "BF16", True),
    ]
    for n, (layers, heads, t, causal, encoding, dtype, write_causal) in enumerate(cases):
        attention = writer.softmax_attention(rng, layers, heads, t, causal)
        tokens = tokens_for(t)
        path = os.path.join(TMP, f"case{n}.{encoding}")
        given = causal if write_causal else None
        if encoding == "json":
            writer.write_json(path, tokens, attention, causal=given, model="random-" + str(n))
        else:
            writer.write_safetensors(path, tokens, attention, causal=given, model="random-" + str(n), dtype=dtype)
        expected = writer.stored_values(attention, dtype)
        name = f"{layers}×{heads}×{t} {'causal' if causal else 'bidirectional'} {encoding} {dtype}"
        out = read_back(path, "--all")
        check(out["format"] == encoding and out["model"] == "random-" + str(n), name + ": format and model")
        check(out["tokens"] == tokens, name + ": tokens")
        check(out["shape"] == [layers, heads, t, t], name + ": shape")
        check(out["causal"] == causal and out["causal_given"] == write_causal, name + ": causal " + str(out["causal"]))
        check(same_float32(out["attention"], expected), name + ": every weight exactly")
        one = read_back(path, "--layer", str(layers - 1), "--head", str(heads - 1))
        check(same_float32(one["weights"], expected[layers - 1, heads - 1]), name + ": --layer --head selects that head")
        summary = read_back(path)["summary"]
        w = expected.astype(np.float64)
        entropy = -np.where(w > 0, w * np.log2(np.where(w > 0, w, 1)), 0).sum(-1).mean(-1)
        check(np.allclose([[h["max"] for h in layer] for layer in summary], w.max(-1).mean(-1), rtol=1e-12, atol=0) and
              np.allclose([[h["entropy_bits"] for h in layer] for layer in summary], entropy, rtol=1e-9, atol=1e-12),
              name + ": summary matches NumPy")

    # T = 1024, the length attnviz must take: one head, in both encodings.
    for encoding, causal in [("safetensors", True), ("json", False)]:
        attention = writer.softmax_attention(rng, 1, 1, 1024, causal)
        path = os.path.join(TMP, "long." + encoding)
        (writer.write_json if encoding == "json" else writer.write_safetensors)(path, tokens_for(1024), attention)
        out = read_back(path, "--layer", "0", "--head", "0")
        check(out["shape"] == [1, 1, 1024, 1024] and out["causal"] == causal and out["tokens"] == tokens_for(1024),
              f"T = 1024 {encoding}: shape, causal and tokens")
        check(same_float32(out["weights"], attention[0, 0]), f"T = 1024 {encoding}: every weight exactly")


def docs_script():
    """The docs' script, run as written against the stand-in for transformers."""
    with open(DOCS, encoding="utf-8") as f:
        script = re.search(r"```python\n(# attention_to_attnviz\.py.*?)```", f.read(), re.S).group(1)
    stand_in_dir = os.path.join(HERE, "transformers_stand_in")
    with open(os.path.join(TMP, "attention_to_attnviz.py"), "w") as f:
        f.write(script)
    long_text = "Attention is all you need, said the paper; " * 8  # 344 tokens: 4 × 4 × 344² > 2²⁰
    for model, text, causal, encoding in [("tiny-bert", "自注意力: the cat sat.", False, "json"),
                                          ("big-gpt", long_text, True, "safetensors")]:
        run_dir = os.path.join(TMP, model)
        os.makedirs(run_dir)
        env = dict(os.environ, PYTHONPATH=stand_in_dir, ATTNVIZ_STAND_IN_OUT=os.path.join(run_dir, "returned.npy"))
        r = subprocess.run([sys.executable, os.path.join(TMP, "attention_to_attnviz.py"), model, text],
                           cwd=run_dir, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"the docs' script failed for {model}: {r.stderr}")
        path = os.path.join(run_dir, "attention." + encoding)
        check(os.path.exists(path), f"docs' script, {model}: wrote attention.{encoding}")
        returned = np.load(os.path.join(run_dir, "returned.npy"))
        out = read_back(path, "--all")
        check(out["tokens"] == list(text) and out["model"] == model, f"docs' script, {model}: tokens and model")
        check(out["shape"] == list(returned.shape) and out["causal"] == causal and not out["causal_given"],
              f"docs' script, {model}: shape and causal (inferred)")
        check(same_float32(out["attention"], returned), f"docs' script, {model}: exactly the weights the model returned")


def docs_examples():
    """The docs' examples, as printed there: a JSON file, and a safetensors header given data."""
    with open(DOCS, encoding="utf-8") as f:
        docs_text = f.read()
    example = re.search(r"```json\n(\{\n  \"format\".*?)```", docs_text, re.S).group(1)
    with open(os.path.join(TMP, "example.json"), "w", encoding="utf-8") as f:
        f.write(example)
    out = read_back(os.path.join(TMP, "example.json"), "--layer", "0", "--head", "0")
    check(out["shape"] == [1, 1, 3, 3] and out["causal"] and out["causal_given"] and out["model"] == "gpt2" and
          out["weights"][2] == [0.5, 0.25, 0.25], "the docs' JSON example reads as it says")
    header = re.search(r"```json\n(\{\"__metadata__\".*?)```", docs_text, re.S).group(1).encode("utf-8")
    attention = writer.softmax_attention(rng, 2, 12, 3, True)
    with open(os.path.join(TMP, "example.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + attention.astype("<f4").tobytes())
    out = read_back(os.path.join(TMP, "example.safetensors"), "--all")
    check(out["shape"] == [2, 12, 3, 3] and out["tokens"] == ["The", " cat", " sat"] and out["causal_given"] and
          same_float32(out["attention"], attention), "the docs' safetensors header example reads as it says")


def bad_files():
    """Bad files: exit status 2 and one line naming the problem."""
    good = writer.softmax_attention(rng, 2, 2, 4, False)
    bad_files = {}


    def bad_json(name, attention=good, tokens=tokens_for(4), **extra):
        path = os.path.join(TMP, name + ".json")
        writer.write_json(path, tokens, attention, extra=extra)
        bad_files[name] = path


    not_normalised = good.copy()
    not_normalised[1, 0, 2] *= 0.5
    bad_json("rows", not_normalised)
    with_nan = good.copy()
    with_nan[0, 1, 3, 2] = np.nan
    path = os.path.join(TMP, "nan.json")
    with open(path, "w") as f:  # Python's json writes NaN, which is not JSON
        json.dump({"format": "attnviz-attention", "version": 1, "tokens": tokens_for(4), "attention": with_nan.tolist()}, f)
    bad_files["nan"] = path
    bad_json("tokens", tokens=tokens_for(5))
    bad_json("shape", good[:, :, :, :3])
    data = writer.safetensors_bytes(tokens_for(4), good)
    bad_files["truncated"] = os.path.join(TMP, "truncated.safetensors")
    with open(bad_files["truncated"], "wb") as f:
        f.write(data[:-10])
    with_inf = good.copy()
    with_inf[1, 1, 0, 0] = np.inf
    bad_files["inf"] = os.path.join(TMP, "inf.safetensors")
    with open(bad_files["inf"], "wb") as f:
        f.write(writer.safetensors_bytes(tokens_for(4), with_inf))
    expected_messages = {
        "rows": "attention[1][0][2] (layer 1, head 0, query 2) sums to ",
        "nan": "not valid JSON (NaN or Infinity?",
        "tokens": "tokens: 5 tokens but the attention is 4 × 4",
        "shape": "attention[0][0][0]: expected 4 weights (T × T, T = 4), got 3",
        "truncated": "truncated",
        "inf": "attention[1][1][0][0] (layer 1, head 1, query 0, key 0) is +Inf",
    }
    for name, path in bad_files.items():
        r = run(path)
        check(r.returncode == 2 and r.stdout == "" and r.stderr.count("\n") == 1 and
              r.stderr.startswith("attnviz-cli: " + path + ": ") and expected_messages[name] in r.stderr,
              f"bad file '{name}' refused with one line naming it: {r.returncode} {r.stderr!r}")
    r = run(os.path.join(TMP, "case0.json"), "--layer", "2", "--head", "0")
    check(r.returncode == 2 and "has 2 layers and 3 heads" in r.stderr, "--layer out of range refused: " + r.stderr)


PARTS = {"numpy": [numpy_writer, docs_examples, bad_files], "script": [docs_script]}
for part in PARTS[sys.argv[2]]:
    part()
shutil.rmtree(TMP)
if failures:
    raise SystemExit(f"{len(failures)} check(s) failed")
print(f"attention files, {sys.argv[2]}: every check passed")
