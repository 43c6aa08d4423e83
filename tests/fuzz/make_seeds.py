#!/usr/bin/env python3
"""Writes the fuzzers' generated seeds (committed; rerun after a format change):
seeds/model/      a tiny GPT-2 folder (config.json --8<-- model.safetensors), F32, F16 and BF16,
                  with and without a separate lm_head, plus the shipped model's config.json
seeds/bpe_files/  a byte-level vocabulary with a few merges, and the shipped model's files,
                  each followed by a text
seeds/bpe_encode/ texts: English, whitespace runs, contractions, CJK, emoji, invalid UTF-8
Parts are cut at fuzz_support.h's separator. Plain Python: no numpy or torch needed."""
import json, os, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEP = b"\n--8<--\n"
SHIPPED = os.path.join(ROOT, "assets", "models", "fortunes-gpt2")


def write(folder, name, data):
    os.makedirs(os.path.join(HERE, "seeds", folder), exist_ok=True)
    with open(os.path.join(HERE, "seeds", folder, name), "wb") as f:
        f.write(data)


def safetensors(tensors, dtype):
    """tensors: [(name, shape)], values a small deterministic ramp."""
    size = {"F32": 4, "F16": 2, "BF16": 2}[dtype]
    header, blobs, offset = {}, [], 0
    for i, (name, shape) in enumerate(tensors):
        n = 1
        for d in shape:
            n *= d
        values = [((i * 7 + k) % 11 - 5) / 50 for k in range(n)]
        if dtype == "F32":
            blob = struct.pack("<%df" % n, *values)
        elif dtype == "F16":
            blob = struct.pack("<%de" % n, *values)
        else:  # BF16: the top half of the float32
            blob = b"".join(struct.pack("<f", v)[2:] for v in values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def tiny_model(dtype, lm_head, prefix):
    e, inner, vocab, pos, layers = 4, 8, 6, 4, 1
    config = {"model_type": "gpt2", "n_layer": layers, "n_head": 2, "n_embd": e, "n_positions": pos,
              "vocab_size": vocab, "n_inner": inner, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5}
    t = [(prefix + "wte.weight", [vocab, e]), (prefix + "wpe.weight", [pos, e])]
    for l in range(layers):
        h = prefix + "h.%d." % l
        t += [(h + "ln_1.weight", [e]), (h + "ln_1.bias", [e]), (h + "attn.c_attn.weight", [e, 3 * e]),
              (h + "attn.c_attn.bias", [3 * e]), (h + "attn.c_proj.weight", [e, e]), (h + "attn.c_proj.bias", [e]),
              (h + "ln_2.weight", [e]), (h + "ln_2.bias", [e]), (h + "mlp.c_fc.weight", [e, inner]),
              (h + "mlp.c_fc.bias", [inner]), (h + "mlp.c_proj.weight", [inner, e]), (h + "mlp.c_proj.bias", [e])]
    t += [(prefix + "ln_f.weight", [e]), (prefix + "ln_f.bias", [e])]
    if lm_head:
        t.append(("lm_head.weight", [vocab, e]))
    return json.dumps(config, indent=1).encode() + SEP + safetensors(t, dtype)


def byte_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def main():
    write("model", "tiny_f32.bin", tiny_model("F32", False, ""))
    write("model", "tiny_f16_lm_head.bin", tiny_model("F16", True, "transformer."))
    write("model", "tiny_bf16.bin", tiny_model("BF16", False, ""))
    with open(os.path.join(SHIPPED, "config.json"), "rb") as f:
        write("model", "shipped_config_only.bin", f.read() + SEP)

    u = byte_to_unicode()
    vocab = {u[b]: b for b in range(256)}
    merges = [(u[ord("t")], u[ord("h")]), (u[ord("t")] + u[ord("h")], u[ord("e")]), (u[ord(" ")], u[ord("t")] + u[ord("h")] + u[ord("e")])]
    for left, right in merges:
        vocab[left + right] = len(vocab)
    merges_txt = "#version: 0.2\n" + "".join("%s %s\n" % m for m in merges)
    write("bpe_files", "bytes_and_three_merges.bin",
          json.dumps(vocab, ensure_ascii=False).encode() + SEP + merges_txt.encode() + SEP + b"the theme, then the end")
    with open(os.path.join(SHIPPED, "vocab.json"), "rb") as v, open(os.path.join(SHIPPED, "merges.txt"), "rb") as m:
        write("bpe_files", "shipped.bin", v.read() + SEP + m.read() + SEP + "It's 3 o'clock. 你好 \U0001F600\n\n".encode())

    texts = {"english.txt": b"The cat sat on the mat. It's what they'd said, and we'll see.\n",
             "whitespace.txt": b"a  b   \t\tc\n\n\n  d \r\n e     ",
             "numbers.txt": b"1234567890 3.14159 -42 1e10 0x1F",
             "cjk_emoji.txt": "中文的句子，还有标点。\U0001F600\U0001F468\u200D\U0001F469 e\u0301 \u00a0\u2003".encode(),
             "invalid_utf8.txt": b"ok \xff\xfe \xc0\x80 \xed\xa0\x80 \xe4\xb8 tail \x00\x01\x7f"}
    for name, data in texts.items():
        write("bpe_encode", name, data)


if __name__ == "__main__":
    sys.exit(main())
