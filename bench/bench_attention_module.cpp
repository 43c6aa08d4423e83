// The attention kernel as a WebAssembly module that a Node.js script loads next to
// TensorFlow.js (attention_vs_tfjs.mjs), so both are timed in one process.
#include "core/model/kernels.h"
#include <algorithm>
#include <chrono>
#include <vector>

namespace {
volatile float sink;
}

// Best milliseconds of `reps` calls of one head, d = 64, T×T, after one warm-up call.
extern "C" double attnviz_attention_best_ms(int t, int reps) {
    std::vector<float> q(static_cast<size_t>(t) * 64), k(q.size()), v(q.size()), out(q.size()),
        scratch(static_cast<size_t>(t) * t);
    for (size_t i = 0; i < q.size(); ++i) { // the same inputs as the script gives TF.js
        q[i] = static_cast<float>((i * 37) % 101) / 101.0f - 0.5f;
        k[i] = static_cast<float>((i * 53) % 103) / 103.0f - 0.5f;
        v[i] = static_cast<float>((i * 71) % 107) / 107.0f - 0.5f;
    }
    double best = 1e30;
    for (int r = 0; r <= reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        attn::model::kernels::attention_head(q.data(), k.data(), v.data(), t, 64, 0.125f, scratch.data(), out.data());
        sink = out[0];
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (r > 0) best = std::min(best, ms);
    }
    return best;
}
