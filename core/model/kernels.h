// attnviz core: the float32 kernels a transformer forward pass spends its time in.
// Matrices are row-major with a leading dimension (the distance between rows, in floats),
// so a head's columns of a fused Q | K | V buffer are used in place.
//
// Two implementations, chosen by CMake (core/model/CMakeLists.txt): natively Eigen's
// products and compiler-vectorised loops (kernels_native.cpp); in the web build
// WebAssembly SIMD by hand (kernels_wasm.cpp), because Eigen 3.4 has no wasm SIMD path.
#pragma once
#include <cstdint>
#include <cstring>

namespace attn::model::kernels {

// C[m×n] = (accumulate ? C : 0) + A[m×k]·B[k×n] (+ bias[n] on every row when bias != nullptr).
void matmul(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int n, int k,
            const float* bias, bool accumulate);
// C[m×n] = scale · A[m×k]·B[n×k]ᵀ: the scores QKᵀ/√d, and logits against an embedding table.
void matmul_abt(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int n, int k, float scale);
// x[0..n) ← softmax(x), the max subtracted first so no exponent overflows.
void softmax(float* x, int n);
// x[0..n) ← gelu_new(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), GPT-2's activation.
void gelu_new(float* x, int n);
// Each of `rows` rows: (x − mean)/√(var + eps)·gain + bias, the variance biased (÷n) as in
// PyTorch's LayerNorm. out may equal x.
void layer_norm(const float* x, int ldx, int rows, int n, const float* gain, const float* bias, float eps, float* out, int ldo);

// One attention head, no mask: out[t×d] = softmax(Q·Kᵀ·scale)·V, rows of length d; `scratch`
// holds min(t, kAttentionBlock)·t floats. The kernel benchmarked against TensorFlow.js.
constexpr int kAttentionBlock = 64;
void attention_head(const float* q, const float* k, const float* v, int t, int d, float scale, float* scratch, float* out);

// e^x for float32, accurate to about one unit in the last place (Cephes' expf polynomial on
// x − n·ln2, |x − n·ln2| ≤ ln2/2, times 2^n built in the exponent bits). Below −87.3 it
// returns 2^−126 instead of 0 or a subnormal: nothing in a softmax notices. Branch-free, so
// loops over it vectorise.
inline float fast_exp(float x) {
    x = x < -87.3365479f ? -87.3365479f : x;
    x = x > 88.3762627f ? 88.3762627f : x;
    // Round to nearest by the 1.5·2^23 trick (exact for |t| < 2^22; no fast-math, so kept).
    const float n = (x * 1.44269504f + 12582912.0f) - 12582912.0f;
    const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f; // ln2 split in two: r is exact-ish
    const float z = r * r;
    const float p = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
                     1.6666665459e-1f) * r + 5.0000001201e-1f;
    const float y = p * z + r + 1.0f;
    const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, 4);
    return y * scale;
}

// The tanh form of gelu through fast_exp: tanh(u) = 1 − 2/(e^{2u} + 1), saturating cleanly.
inline float gelu_new_scalar(float x) {
    const float u = 0.7978845608f * (x + 0.044715f * x * x * x);
    const float tanh_u = 1.0f - 2.0f / (fast_exp(2.0f * u) + 1.0f);
    return 0.5f * x * (1.0f + tanh_u);
}

} // namespace attn::model::kernels
