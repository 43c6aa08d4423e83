// attnviz core: the immutable result of one forward pass, holding every intermediate.
// The UI reads it every frame and never recomputes the math itself.
#pragma once
#include "matrix.h"
#include "scenario.h"
#include <memory>
#include <string>
#include <vector>

namespace attn {

struct HeadResult {
    Matrix q, k, v;   // T×d_k (K, V: T_s×d_k): contiguous column block h·d_k … (h+1)·d_k−1 of X·W (S·W)
    Matrix scores;    // T×T_s: Q·Kᵀ (T_s = T for self-attention)
    Matrix logits;    // T×T_s: scores · scale / temperature; masked entries are −∞
    Matrix weights;   // T×T_s: row-wise softmax of logits (a fully masked row is all 0)
    Matrix output;    // T×d_k: weights · V
    Vector entropy;   // 1×T: entropy of each weight row, in nats
};

struct Result {
    Scenario scenario;                // the scenario this was computed from (tokens resolved)
    std::vector<std::string> tokens;  // T tokens: the queries
    std::vector<std::string> key_tokens; // T_s tokens the keys and values come from: the source's, or `tokens`
    int d_model = 0, heads = 0, d_k = 0;
    Scalar scale_factor = 1.0;        // 1/√d_k when scaling is on, else 1
    Matrix embeddings;                // T×d_model, before positional encoding
    Matrix positional;                // T×d_model, zeros when positional encoding is off
    Matrix x;                         // T×d_model: embeddings + positional
    Matrix wq, wk, wv, wo;            // d_model×d_model, as used (identity/seeded resolved)
    Matrix source_x;                  // T_s×d_model: source embeddings + positional; empty for self-attention
    Matrix mask;                      // T×T_s, 1 = may attend, 0 = masked
    std::vector<HeadResult> head;     // h heads
    Matrix concat;                    // T×d_model: [head_1 … head_h]
    Matrix output;                    // T×d_model: concat · W_O
};

// Computes the forward pass. Throws ScenarioError when validate() would.
std::shared_ptr<const Result> compute(const Scenario& s);

} // namespace attn
