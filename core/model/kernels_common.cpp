// What both kernel sets share: LayerNorm (a small share of the time; summing in double
// keeps the mean and variance as exact as PyTorch's pairwise float sums) and one attention
// head composed from the products and softmax.
#include "kernels.h"
#include <algorithm>
#include <cmath>

namespace attn::model::kernels {

void layer_norm(const float* x, int ldx, int rows, int n, const float* gain, const float* bias, float eps, float* out, int ldo) {
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + static_cast<std::ptrdiff_t>(r) * ldx;
        float* o = out + static_cast<std::ptrdiff_t>(r) * ldo;
        double sum = 0;
        for (int i = 0; i < n; ++i) sum += xr[i];
        const double mean = sum / n;
        double squares = 0; // two passes: Σ(x − mean)² does not cancel as Σx² − n·mean² can
        for (int i = 0; i < n; ++i) squares += (xr[i] - mean) * (xr[i] - mean);
        const float inv = static_cast<float>(1.0 / std::sqrt(squares / n + eps));
        const float m = static_cast<float>(mean);
        for (int i = 0; i < n; ++i) o[i] = (xr[i] - m) * inv * gain[i] + bias[i];
    }
}

void attention_head(const float* q, const float* k, const float* v, int t, int d, float scale, float* scratch, float* out) {
    // A block of queries at a time: its rows of scores stay in cache from QKᵀ through the
    // softmax to ·V, instead of a T×T matrix (16 MB at T = 2048) going out to memory and back.
    for (int i0 = 0; i0 < t; i0 += kAttentionBlock) {
        const int rows = std::min(kAttentionBlock, t - i0);
        matmul_abt(q + static_cast<std::ptrdiff_t>(i0) * d, d, k, d, scratch, t, rows, t, d, scale);
        for (int i = 0; i < rows; ++i) softmax(scratch + static_cast<std::ptrdiff_t>(i) * t, t);
        matmul(scratch, t, v, d, out + static_cast<std::ptrdiff_t>(i0) * d, d, rows, d, t, nullptr, false);
    }
}

} // namespace attn::model::kernels
