// The WebAssembly kernels, vectorised by hand with wasm_simd128.h (f32x4): Eigen 3.4 has no
// wasm SIMD path, and LLVM's auto-vectorisation of its loops reached about a third of the
// machine's f32x4 peak (TOOLCHAIN.md).
//
// Products: B is copied, kKc rows by 8 columns at a time, into contiguous panels (for A·Bᵀ
// the copy is the transpose), then a 4×8 register tile of C accumulates over a panel: 8
// accumulators, 2 panel vectors and a broadcast. V8 gives wasm 15 vector registers on x86-64;
// a 6×8 tile (12 accumulators) spilled and ran the GPT-2 forward about 40% slower. One or
// two rows (appending a token) skip the packing: they stream B once, all that case can do.
#include "kernels.h"
#include <algorithm>
#include <vector>
#include <wasm_simd128.h>

namespace attn::model::kernels {

namespace {

constexpr int kKc = 256;     // panel depth: a 256 × 8 panel is 8 KB
constexpr int kTileRows = 4;

// tile[R×8] = A[R×depth]·panel[depth×8] (A rows lda apart), then C (+)= scale·tile for the
// `cols` ≤ 8 valid columns.
template <int R>
void tile_kernel(const float* a, int lda, const float* panel, int depth, float* c, int ldc, int cols, float scale,
                 bool overwrite) {
    v128_t acc[R][2];
    for (int r = 0; r < R; ++r) acc[r][0] = acc[r][1] = wasm_f32x4_splat(0.0f);
    for (int p = 0; p < depth; ++p) {
        const v128_t b0 = wasm_v128_load(panel + 8 * p), b1 = wasm_v128_load(panel + 8 * p + 4);
        for (int r = 0; r < R; ++r) {
            const v128_t x = wasm_v128_load32_splat(a + static_cast<std::ptrdiff_t>(r) * lda + p);
            acc[r][0] = wasm_f32x4_add(acc[r][0], wasm_f32x4_mul(x, b0));
            acc[r][1] = wasm_f32x4_add(acc[r][1], wasm_f32x4_mul(x, b1));
        }
    }
    const v128_t s = wasm_f32x4_splat(scale);
    for (int r = 0; r < R; ++r) {
        float* cr = c + static_cast<std::ptrdiff_t>(r) * ldc;
        const v128_t t0 = wasm_f32x4_mul(acc[r][0], s), t1 = wasm_f32x4_mul(acc[r][1], s);
        if (cols == 8) {
            wasm_v128_store(cr, overwrite ? t0 : wasm_f32x4_add(wasm_v128_load(cr), t0));
            wasm_v128_store(cr + 4, overwrite ? t1 : wasm_f32x4_add(wasm_v128_load(cr + 4), t1));
        } else {
            alignas(16) float tile[8];
            wasm_v128_store(tile, t0);
            wasm_v128_store(tile + 4, t1);
            for (int j = 0; j < cols; ++j) cr[j] = overwrite ? tile[j] : cr[j] + tile[j];
        }
    }
}

void tile_rows(int rows, const float* a, int lda, const float* panel, int depth, float* c, int ldc, int cols, float scale,
               bool overwrite) {
    switch (rows) {
    case 4: tile_kernel<4>(a, lda, panel, depth, c, ldc, cols, scale, overwrite); break;
    case 3: tile_kernel<3>(a, lda, panel, depth, c, ldc, cols, scale, overwrite); break;
    case 2: tile_kernel<2>(a, lda, panel, depth, c, ldc, cols, scale, overwrite); break;
    default: tile_kernel<1>(a, lda, panel, depth, c, ldc, cols, scale, overwrite); break;
    }
}

// C (+)= scale·A·B; `transposed_b`: B is [n×k] (A·Bᵀ), else [k×n]. The loop nest of
// Goto's GEMM: a kKc-deep slab of B, up to kNc columns, is packed once (8 columns per
// panel, the transpose done here) and stays in L2 while blocks of kMc rows of A, each kept
// in L1, sweep all of its panels; A and C are each read about once per slab.
void blocked_product(const float* a, int lda, const float* b, int ldb, bool transposed_b, float* c, int ldc, int m, int n,
                     int k, float scale, bool overwrite) {
    constexpr int kNc = 512, kMc = 48;
    static std::vector<float> packed; // grows to kKc·kNc floats once; the wasm build has one thread
    packed.resize(static_cast<size_t>(kKc) * kNc);
    for (int j1 = 0; j1 < n; j1 += kNc) {
        const int width = std::min(kNc, n - j1);
        for (int k0 = 0; k0 < k; k0 += kKc) {
            const int depth = std::min(kKc, k - k0);
            const bool first = k0 == 0;
            for (int j0 = 0; j0 < width; j0 += 8) {
                float* panel = packed.data() + static_cast<std::ptrdiff_t>(j0) * kKc;
                const int cols = std::min(8, width - j0);
                for (int p = 0; p < depth; ++p)
                    for (int j = 0; j < 8; ++j) { // columns past n are zero: computed, never stored
                        const std::ptrdiff_t col = j1 + j0 + j;
                        panel[8 * p + j] = j >= cols ? 0.0f
                                           : transposed_b ? b[col * ldb + k0 + p]
                                                          : b[static_cast<std::ptrdiff_t>(k0 + p) * ldb + col];
                    }
            }
            for (int i1 = 0; i1 < m; i1 += kMc) {
                const int rows = std::min(kMc, m - i1);
                for (int j0 = 0; j0 < width; j0 += 8)
                    for (int i0 = i1; i0 < i1 + rows; i0 += kTileRows)
                        tile_rows(std::min(kTileRows, i1 + rows - i0), a + static_cast<std::ptrdiff_t>(i0) * lda + k0, lda,
                                  packed.data() + static_cast<std::ptrdiff_t>(j0) * kKc, depth,
                                  c + static_cast<std::ptrdiff_t>(i0) * ldc + j1 + j0, ldc, std::min(8, width - j0), scale,
                                  overwrite && first);
            }
        }
    }
}

float horizontal_sum(v128_t v) {
    return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
           wasm_f32x4_extract_lane(v, 3);
}

// One row times B (k×n): c += Σ_p a[p]·B[p, :], four rows of B per pass over c.
void row_times(const float* a, const float* b, int ldb, float* c, int n, int k) {
    int p = 0;
    for (; p + 4 <= k; p += 4) {
        const float* b0 = b + static_cast<std::ptrdiff_t>(p) * ldb;
        const float *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        const v128_t x0 = wasm_f32x4_splat(a[p]), x1 = wasm_f32x4_splat(a[p + 1]), x2 = wasm_f32x4_splat(a[p + 2]),
                     x3 = wasm_f32x4_splat(a[p + 3]);
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            v128_t s = wasm_f32x4_add(wasm_f32x4_mul(x0, wasm_v128_load(b0 + j)), wasm_f32x4_mul(x1, wasm_v128_load(b1 + j)));
            s = wasm_f32x4_add(s, wasm_f32x4_add(wasm_f32x4_mul(x2, wasm_v128_load(b2 + j)), wasm_f32x4_mul(x3, wasm_v128_load(b3 + j))));
            wasm_v128_store(c + j, wasm_f32x4_add(wasm_v128_load(c + j), s));
        }
        for (; j < n; ++j) c[j] += a[p] * b0[j] + a[p + 1] * b1[j] + (a[p + 2] * b2[j] + a[p + 3] * b3[j]);
    }
    for (; p < k; ++p)
        for (int j = 0; j < n; ++j) c[j] += a[p] * b[static_cast<std::ptrdiff_t>(p) * ldb + j];
}

float dot(const float* x, const float* y, int k) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0;
    int p = 0;
    for (; p + 8 <= k; p += 8) {
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(x + p), wasm_v128_load(y + p)));
        s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(x + p + 4), wasm_v128_load(y + p + 4)));
    }
    float s = horizontal_sum(wasm_f32x4_add(s0, s1));
    for (; p < k; ++p) s += x[p] * y[p];
    return s;
}

// fast_exp (kernels.h) four lanes at a time, operation for operation, so both give the same bits.
v128_t exp4(v128_t x) {
    x = wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.3365479f));
    x = wasm_f32x4_pmin(x, wasm_f32x4_splat(88.3762627f));
    const v128_t magic = wasm_f32x4_splat(12582912.0f);
    const v128_t shifted = wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504f)), magic);
    const v128_t n = wasm_f32x4_sub(shifted, magic);
    const v128_t r = wasm_f32x4_sub(wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f))),
                                    wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
    const v128_t z = wasm_f32x4_mul(r, r);
    v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
    const v128_t y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(p, z), r), wasm_f32x4_splat(1.0f));
    // n as an integer without a float→int conversion (a long sequence on x86 without
    // AVX-512): 1.5·2^23 + n holds n in its low mantissa bits, so its bits minus the magic
    // number's bits are n.
    const v128_t bits = wasm_i32x4_shl(wasm_i32x4_add(shifted, wasm_i32x4_splat(127 - 0x4B400000)), 23);
    return wasm_f32x4_mul(y, bits);
}

} // namespace

void matmul(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int n, int k, const float* bias,
            bool accumulate) {
    for (int i = 0; i < m; ++i) {
        float* ci = c + static_cast<std::ptrdiff_t>(i) * ldc;
        if (!accumulate) std::fill(ci, ci + n, 0.0f);
        if (bias)
            for (int j = 0; j < n; ++j) ci[j] += bias[j];
    }
    if (m <= 2) {
        for (int i = 0; i < m; ++i) row_times(a + static_cast<std::ptrdiff_t>(i) * lda, b, ldb, c + static_cast<std::ptrdiff_t>(i) * ldc, n, k);
        return;
    }
    blocked_product(a, lda, b, ldb, false, c, ldc, m, n, k, 1.0f, false);
}

void matmul_abt(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int n, int k, float scale) {
    if (m <= 2) {
        for (int i = 0; i < m; ++i) {
            const float* ai = a + static_cast<std::ptrdiff_t>(i) * lda;
            for (int j = 0; j < n; ++j) c[static_cast<std::ptrdiff_t>(i) * ldc + j] = scale * dot(ai, b + static_cast<std::ptrdiff_t>(j) * ldb, k);
        }
        return;
    }
    blocked_product(a, lda, b, ldb, true, c, ldc, m, n, k, scale, true);
}

void softmax(float* x, int n) {
    v128_t vmax = wasm_f32x4_splat(x[0]);
    int i = 0;
    for (; i + 4 <= n; i += 4) vmax = wasm_f32x4_pmax(vmax, wasm_v128_load(x + i));
    float max = std::max(std::max(wasm_f32x4_extract_lane(vmax, 0), wasm_f32x4_extract_lane(vmax, 1)),
                         std::max(wasm_f32x4_extract_lane(vmax, 2), wasm_f32x4_extract_lane(vmax, 3)));
    for (; i < n; ++i) max = std::max(max, x[i]);
    const v128_t shift = wasm_f32x4_splat(max);
    v128_t vsum = wasm_f32x4_splat(0.0f);
    for (i = 0; i + 4 <= n; i += 4) {
        const v128_t e = exp4(wasm_f32x4_sub(wasm_v128_load(x + i), shift));
        wasm_v128_store(x + i, e);
        vsum = wasm_f32x4_add(vsum, e);
    }
    float sum = horizontal_sum(vsum);
    for (; i < n; ++i) {
        x[i] = fast_exp(x[i] - max);
        sum += x[i];
    }
    const float inv = 1.0f / sum;
    const v128_t vinv = wasm_f32x4_splat(inv);
    for (i = 0; i + 4 <= n; i += 4) wasm_v128_store(x + i, wasm_f32x4_mul(wasm_v128_load(x + i), vinv));
    for (; i < n; ++i) x[i] *= inv;
}

void gelu_new(float* x, int n) {
    int i = 0;
    const v128_t half = wasm_f32x4_splat(0.5f), one = wasm_f32x4_splat(1.0f), two = wasm_f32x4_splat(2.0f);
    for (; i + 4 <= n; i += 4) {
        const v128_t v = wasm_v128_load(x + i);
        const v128_t cube = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_splat(0.044715f), v), v), v);
        const v128_t u = wasm_f32x4_mul(wasm_f32x4_splat(0.7978845608f), wasm_f32x4_add(v, cube));
        const v128_t tanh_u = wasm_f32x4_sub(one, wasm_f32x4_div(two, wasm_f32x4_add(exp4(wasm_f32x4_mul(two, u)), one)));
        wasm_v128_store(x + i, wasm_f32x4_mul(wasm_f32x4_mul(half, v), wasm_f32x4_add(one, tanh_u)));
    }
    for (; i < n; ++i) x[i] = gelu_new_scalar(x[i]);
}

} // namespace attn::model::kernels
