// The benchmarks' GPT-2-small-shaped model (12 layers, 12 heads, n_embd 768, vocabulary
// 50257, 1024 positions) with random weights made here, so no file is needed; shared by the
// native benchmark (bench_gpt2.cpp) and the WebAssembly module (bench_wasm_module.cpp).
#pragma once
#include "core/model/gpt2_weights.h"
#include <cstdint>
#include <vector>

namespace attn::bench {

struct Lcg { // uniform in [-scale, scale): quick to draw 124 M of
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    float next(float scale) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return (static_cast<float>(state >> 40) / 16777216.0f * 2 - 1) * scale;
    }
};

inline void fill(std::vector<float>& v, size_t n, Lcg& rng, float scale, float offset = 0) {
    v.resize(n);
    for (float& x : v) x = offset + rng.next(scale);
}

inline attn::model::Gpt2Model gpt2_small_shaped() {
    attn::model::Gpt2Model m;
    m.config = {12, 12, 768, 1024, 50257, 3072, 1e-5f, true};
    m.memory_budget = attn::model::default_memory_budget();
    const size_t e = 768, inner = 3072;
    Lcg rng;
    fill(m.wte, 50257 * e, rng, 0.1f);
    fill(m.wpe, 1024 * e, rng, 0.02f);
    fill(m.ln_f_weight, e, rng, 0.1f, 1);
    fill(m.ln_f_bias, e, rng, 0.1f);
    m.blocks.resize(12);
    for (auto& b : m.blocks) {
        fill(b.ln_1_weight, e, rng, 0.1f, 1);
        fill(b.ln_1_bias, e, rng, 0.1f);
        fill(b.c_attn_weight, e * 3 * e, rng, 0.06f);
        fill(b.c_attn_bias, 3 * e, rng, 0.1f);
        fill(b.attn_proj_weight, e * e, rng, 0.03f);
        fill(b.attn_proj_bias, e, rng, 0.1f);
        fill(b.ln_2_weight, e, rng, 0.1f, 1);
        fill(b.ln_2_bias, e, rng, 0.1f);
        fill(b.c_fc_weight, e * inner, rng, 0.03f);
        fill(b.c_fc_bias, inner, rng, 0.1f);
        fill(b.mlp_proj_weight, inner * e, rng, 0.015f);
        fill(b.mlp_proj_bias, e, rng, 0.1f);
    }
    return m;
}

inline std::vector<int> token_ids(int count) {
    std::vector<int> ids;
    for (int i = 0; i < count; ++i) ids.push_back((i * 7919 + 13) % 50257);
    return ids;
}

} // namespace attn::bench
