"""A stand-in for Hugging Face transformers (not installable here, and no weights can be
downloaded) for tests/reference/attention_file_check.py: what docs/attention-files.md's
script calls, backed by a tiny random attention model. Models named *gpt* are causal. It
saves the attention it returns (before the script touches it) to $ATTNVIZ_STAND_IN_OUT."""
import os
import types

import numpy as np
import torch

class AutoTokenizer:
    @staticmethod
    def from_pretrained(name):
        return AutoTokenizer()
    def __call__(self, text, return_tensors):
        assert return_tensors == "pt"
        return {"input_ids": torch.tensor([[ord(c) for c in text]])}  # one token per character
    def decode(self, ids):
        return "".join(chr(i) for i in ids)

class AutoModel(torch.nn.Module):
    def __init__(self, name, layers, heads, d):
        super().__init__()
        torch.manual_seed(5)
        self.causal, self.heads = "gpt" in name, heads
        self.embed = torch.nn.Embedding(0x110000 // 64, d)
        self.qk = torch.nn.ModuleList(torch.nn.Linear(d, 2 * d) for _ in range(layers))
    @staticmethod
    def from_pretrained(name, attn_implementation=None):
        assert attn_implementation == "eager"
        layers, heads = (4, 4) if "big" in name else (2, 3)
        return AutoModel(name, layers, heads, 8 * heads)
    def forward(self, input_ids, output_attentions=False):
        assert output_attentions
        x = self.embed(input_ids % (0x110000 // 64)) * 3
        t = input_ids.shape[1]
        attentions = []
        for qk in self.qk:
            q, k = qk(x).view(1, t, 2, self.heads, -1).permute(2, 0, 3, 1, 4)
            scores = q @ k.transpose(-1, -2) / q.shape[-1] ** 0.5
            if self.causal:
                scores = scores.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
            attentions.append(torch.softmax(scores, dim=-1))  # 1 × heads × T × T
        np.save(os.environ["ATTNVIZ_STAND_IN_OUT"], torch.cat(attentions).detach().numpy())
        return types.SimpleNamespace(attentions=tuple(attentions))
