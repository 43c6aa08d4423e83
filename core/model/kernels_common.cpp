// What both kernel sets share: LayerNorm (a small share of the time; summing in double
// keeps the mean and variance as exact as PyTorch's pairwise float sums) and one attention
// head composed from the products and softmax.
#include "kernels.h"
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
    matmul_abt(q, d, k, d, scratch, t, t, t, d, scale);
    for (int i = 0; i < t; ++i) softmax(scratch + static_cast<std::ptrdiff_t>(i) * t, t);
    matmul(scratch, t, v, d, out, d, t, d, t, nullptr, false);
}

} // namespace attn::model::kernels
