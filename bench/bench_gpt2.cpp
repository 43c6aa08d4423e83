// GPT-2 speed natively, one thread (attnviz-bench-gpt2; the WebAssembly figures come from
// bench/wasm_vs_tfjs.mjs): a GPT-2-small-shaped model with random weights run on T = 128
// tokens with every layer's and head's attention kept and the next-token logits at the last
// position; then appending one token through the key/value cache; then one attention head.
//
// Each figure is the best of several timed runs after a warm-up (fresh pages are slow here:
// TOOLCHAIN.md). Not a test: nothing here asserts a time.
#include "core/model/gpt2_run.h"
#include "core/model/kernels.h"
#include "gpt2_bench_model.h"
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// The machine is shared: beside the wall-clock time, the process's CPU time (std::clock),
// which leaves out the time other processes held the core.
struct Timing {
    double wall = 1e30, cpu = 1e30;
};

template <class Body> void time_best(Timing& best, Body&& body) {
    const auto start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    body();
    best.cpu = std::min(best.cpu, 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    best.wall = std::min(best.wall, ms_since(start));
}

volatile float sink; // keeps results from being optimised away

} // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::printf("GPT-2-small-shaped model (12 layers, 12 heads, n_embd 768, vocabulary 50257), one thread, best of %d\n", runs);
    const attn::model::Gpt2Model model = attn::bench::gpt2_small_shaped();
    attn::model::Gpt2Run run(model);
    const std::vector<int> ids = attn::bench::token_ids(129);
    const std::vector<int> prompt(ids.begin(), ids.begin() + 128);

    Timing forward, ignored;
    for (int r = 0; r <= runs; ++r) { // run 0 warms up: first-touch pages, V8's optimising tier
        run.clear();
        time_best(r > 0 ? forward : ignored, [&] {
            run.append(prompt);
            sink = run.logits(127)[0];
        });
    }
    std::printf("  forward T=128, all attention kept, next-token logits: %8.1f ms wall, %8.1f ms CPU\n", forward.wall, forward.cpu);

    // Appending one token to 100, 101, … through the cache, with the new position's logits.
    run.clear();
    run.append(std::vector<int>(ids.begin(), ids.begin() + 100));
    Timing append;
    for (int t = 100; t < 128; ++t)
        time_best(t >= 102 ? append : ignored, [&] {
            run.append({ids[static_cast<size_t>(t)]});
            sink = run.logits(t)[0];
        });
    std::printf("  append one token (T≈100…128) with its logits:      %8.1f ms wall, %8.1f ms CPU\n", append.wall, append.cpu);

    std::printf("attention kernel alone, one head, d = 64, softmax(QKᵀ/8)·V, no mask:\n");
    for (int t : {128, 512, 2048}) {
        std::vector<float> q, k, v, out(static_cast<size_t>(t) * 64), scratch(static_cast<size_t>(t) * t);
        attn::bench::Lcg rng;
        attn::bench::fill(q, out.size(), rng, 1);
        attn::bench::fill(k, out.size(), rng, 1);
        attn::bench::fill(v, out.size(), rng, 1);
        const int reps = std::max(3, (1 << 22) / (t * t) * 4);
        Timing best;
        for (int r = 0; r <= reps; ++r)
            time_best(r > 0 ? best : ignored, [&] {
                attn::model::kernels::attention_head(q.data(), k.data(), v.data(), t, 64, 0.125f, scratch.data(), out.data());
                sink = out[0];
            });
        std::printf("  T=%-5d %8.3f ms wall, %8.3f ms CPU\n", t, best.wall, best.cpu);
    }
    return 0;
}
