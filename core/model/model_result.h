// attnviz core: one head of a GPT-2 run as the toy core's Result, so every panel, hover
// formula and result JSON reads a real model's numbers unchanged; and the next-token
// probabilities after a position.
//
// The head is presented as single-head attention over that layer's normalised input:
// X = ln_1's output (T×n_embd), W_Q, W_K, W_V = the head's n_embd×d_head columns of
// c_attn (q = x·W_Q + b_Q: GPT-2's projections have biases, kept in Q, K, V), the causal
// mask, scale 1/√d_head, output = weights·V; W_O = the head's d_head rows of c_proj, so
// `output` is what this head adds to the residual stream (before c_proj's bias).
#pragma once
#include "core/result.h"
#include "gpt2_run.h"
#include <memory>
#include <string>
#include <vector>

namespace attn::model {

// Throws ModelError (file "input") for a layer or head outside the model or an empty run.
std::shared_ptr<const Result> head_result(const Gpt2Model& model, const Gpt2Run& run, int layer, int head,
                                          const std::vector<std::string>& tokens);

// The same Result, reusing `previous`: this head's Result for a run whose first `kept` tokens
// and labels were what they are now (a text typed at or edited after them). What costs more
// than copying — the scores of kept queries and keys (T²·d_head), the entropies, the output
// rows (T·d_head·n_embd) — is copied; the rest is read from the run again. Equal, entry for
// entry, to the Result built from scratch. `kept` is clamped to both lengths.
std::shared_ptr<const Result> head_result(const Gpt2Model& model, const Gpt2Run& run, int layer, int head,
                                          const std::vector<std::string>& tokens, const Result& previous, int kept);

struct NextToken {
    int id = 0;
    double p = 0; // softmax of the logits, in double
};
// The k most likely ids, most likely first (ties: lower id first).
std::vector<NextToken> top_next_tokens(const std::vector<float>& logits, int k);

} // namespace attn::model
