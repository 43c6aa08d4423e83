// GPT-2 speed, natively (attnviz-bench-gpt2) and in WebAssembly under Node.js
// (attnviz-bench-gpt2-wasm.js), one thread: a GPT-2-small-shaped model (12 layers, 12
// heads, n_embd 768, vocabulary 50257, random weights made here) run on T = 128 tokens with
// every layer's and head's attention kept, the next-token logits at the last position;
// then appending one token through the key/value cache; then one attention head alone.
//
// Each figure is the best of several timed runs after a warm-up (V8 first runs WebAssembly
// in a baseline tier, and fresh pages are slow here: TOOLCHAIN.md). Not a test: nothing
// here asserts a time.
#include "core/model/gpt2_run.h"
#include "core/model/kernels.h"
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

struct Lcg { // uniform in [-scale, scale): quick to draw 124 M of
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    float next(float scale) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return (static_cast<float>(state >> 40) / 16777216.0f * 2 - 1) * scale;
    }
};

void fill(std::vector<float>& v, size_t n, Lcg& rng, float scale, float offset = 0) {
    v.resize(n);
    for (float& x : v) x = offset + rng.next(scale);
}

attn::model::Gpt2Model gpt2_small_shaped() {
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

std::vector<int> token_ids(int count) {
    std::vector<int> ids;
    for (int i = 0; i < count; ++i) ids.push_back((i * 7919 + 13) % 50257);
    return ids;
}

volatile float sink; // keeps results from being optimised away

} // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::printf("GPT-2-small-shaped model (12 layers, 12 heads, n_embd 768, vocabulary 50257), one thread, best of %d\n", runs);
    const attn::model::Gpt2Model model = gpt2_small_shaped();
    attn::model::Gpt2Run run(model);
    const std::vector<int> ids = token_ids(129);
    const std::vector<int> prompt(ids.begin(), ids.begin() + 128);

    double best_forward = 1e30;
    for (int r = 0; r <= runs; ++r) { // run 0 warms up: first-touch pages, V8's optimising tier
        run.clear();
        const auto start = Clock::now();
        run.append(prompt);
        sink = run.logits(127)[0];
        if (r > 0) best_forward = std::min(best_forward, ms_since(start));
    }
    std::printf("  forward T=128, all attention kept, next-token logits: %8.1f ms\n", best_forward);

    // Appending one token to 100, 101, … through the cache, with the new position's logits.
    run.clear();
    run.append(std::vector<int>(ids.begin(), ids.begin() + 100));
    double best_append = 1e30;
    for (int t = 100; t < 128; ++t) {
        const auto start = Clock::now();
        run.append({ids[static_cast<size_t>(t)]});
        sink = run.logits(t)[0];
        if (t >= 102) best_append = std::min(best_append, ms_since(start));
    }
    std::printf("  append one token (T≈100…128) with its logits:      %8.1f ms\n", best_append);

    std::printf("attention kernel alone, one head, d = 64, softmax(QKᵀ/8)·V, no mask:\n");
    for (int t : {128, 512, 2048}) {
        std::vector<float> q, k, v, out(static_cast<size_t>(t) * 64), scratch(static_cast<size_t>(t) * t);
        Lcg rng;
        fill(q, out.size(), rng, 1);
        fill(k, out.size(), rng, 1);
        fill(v, out.size(), rng, 1);
        const int reps = std::max(3, (1 << 22) / (t * t) * 4);
        double best = 1e30;
        for (int r = 0; r <= reps; ++r) {
            const auto start = Clock::now();
            attn::model::kernels::attention_head(q.data(), k.data(), v.data(), t, 64, 0.125f, scratch.data(), out.data());
            sink = out[0];
            if (r > 0) best = std::min(best, ms_since(start));
        }
        std::printf("  T=%-5d %8.3f ms\n", t, best);
    }
    return 0;
}
