// What bench/wasm_vs_tfjs.mjs times in WebAssembly, as calls it makes one at a time (so it
// can read the process's CPU time around each, the machine being shared): the GPT-2-small-
// shaped forward pass, appending one token, and one attention head, next to TF.js.
#include "core/model/gpt2_run.h"
#include "core/model/kernels.h"
#include "gpt2_bench_model.h"
#include <memory>
#include <vector>

namespace {

struct Gpt2Bench {
    attn::model::Gpt2Model model = attn::bench::gpt2_small_shaped();
    attn::model::Gpt2Run run{model};
    std::vector<int> ids = attn::bench::token_ids(1024);
};
std::unique_ptr<Gpt2Bench> gpt2;

struct AttentionBench {
    int t = 0;
    std::vector<float> q, k, v, out, scratch;
};
AttentionBench attention;

volatile float sink; // keeps results from being optimised away

} // namespace

extern "C" {

void attnviz_gpt2_setup() { gpt2 = std::make_unique<Gpt2Bench>(); }

// The first `tokens` positions from scratch, with the last position's logits.
void attnviz_gpt2_forward(int tokens) {
    gpt2->run.clear();
    gpt2->run.append({gpt2->ids.begin(), gpt2->ids.begin() + tokens});
    sink = gpt2->run.logits(tokens - 1)[0];
}

// One more token through the key/value cache, with its logits.
void attnviz_gpt2_append_one() {
    const int t = gpt2->run.length();
    gpt2->run.append({gpt2->ids[static_cast<size_t>(t)]});
    sink = gpt2->run.logits(t)[0];
}

// Q, K, V of t×64 with the values the script gives TF.js.
void attnviz_attention_setup(int t) {
    attention.t = t;
    const size_t n = static_cast<size_t>(t) * 64;
    attention.q.resize(n);
    attention.k.resize(n);
    attention.v.resize(n);
    attention.out.resize(n);
    attention.scratch.resize(static_cast<size_t>(attn::model::kernels::kAttentionBlock) * t);
    for (size_t i = 0; i < n; ++i) {
        attention.q[i] = static_cast<float>((i * 37) % 101) / 101.0f - 0.5f;
        attention.k[i] = static_cast<float>((i * 53) % 103) / 103.0f - 0.5f;
        attention.v[i] = static_cast<float>((i * 71) % 107) / 107.0f - 0.5f;
    }
}

void attnviz_attention_run() {
    attn::model::kernels::attention_head(attention.q.data(), attention.k.data(), attention.v.data(), attention.t, 64, 0.125f,
                                         attention.scratch.data(), attention.out.data());
    sink = attention.out[0];
}

float attnviz_attention_out(int i) { return attention.out[static_cast<size_t>(i)]; }

} // extern "C"
