#include "softmax.h"
#include "simd.h"
#include <algorithm>
#include <cmath>
#include <limits>

namespace attn {

namespace {

using simd::f64x2;
using simd::i64x2;
using simd::u64x2;

constexpr Scalar kMinusInfinity = -std::numeric_limits<Scalar>::infinity();

// 2^(j/64), j = 0…63, correctly rounded (from 60-digit decimals).
constexpr double kTwoToJ64[64] = {
    0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
    0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
    0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
    0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
    0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
    0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
    0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
    0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
    0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
    0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
    0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
    0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
    0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
    0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
    0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
    0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0,
};

// e^x for −708 ≤ x ≤ 0, two at a time, from + − × and integer bit operations (which
// IEEE 754 and two's complement define exactly, so native and WebAssembly agree bit for
// bit; the C libraries' exp differ in the last bit). std::exp, a call per entry, was
// most of an edit's time in WebAssembly. x = (64m + j)·ln2/64 + r with |r| ≤ ln2/128, so
// e^x = 2^m · 2^(j/64) · e^r, and e^r's Taylor series to r⁵/5! is exact to 4e−17.
// m = ⌊k/64⌋ ≥ −1022 makes 2^m a normal number, so the result is > 0. For x < −708
// (and −∞) the bits are garbage: exp_nonpositive() discards them.
f64x2 exp_from_minus_708(f64x2 x) {
    constexpr double kShifter = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer, kept in the low bits
    // ln2/64 split as in fdlibm: the high part has trailing zero bits, so k·hi is exact.
    constexpr double kStepHi = 6.93147180369123816490e-01 / 64, kStepLo = 1.90821492927058770002e-10 / 64;
    constexpr double kStepsPerUnit = 64 / 6.93147180559945309417e-01;
    const f64x2 shifted = x * kStepsPerUnit + kShifter;
    const f64x2 k = shifted - kShifter;
    const f64x2 r = (x - k * kStepHi) - k * kStepLo;
    const f64x2 p = ((((r * (1.0 / 120) + 1.0 / 24) * r + 1.0 / 6) * r + 0.5) * r + 1.0) * r + 1.0;
    const i64x2 k_int = simd::bit_cast<i64x2>(simd::bit_cast<u64x2>(shifted) - simd::bit_cast<u64x2>(simd::splat(kShifter)));
    const i64x2 j = k_int & 63;
    const f64x2 two_to_j64 = {kTwoToJ64[j[0]], kTwoToJ64[j[1]]};
    const u64x2 biased_m = simd::bit_cast<u64x2>((k_int >> 6) + 1023);
    const f64x2 two_to_m = simd::bit_cast<f64x2>(biased_m << 52);
    return (p * two_to_j64) * two_to_m;
}

// e^x for x ≤ 0, e^−∞ = 0. Below −708, e^x < 2^−1021 is returned as 0: next to the row's
// largest entry, e^0 = 1, it is far below double precision (std::exp gives a subnormal of
// at most 3e−308 there).
constexpr double kExpMin = -708.0;
f64x2 exp_nonpositive(f64x2 x) { return x < kExpMin ? simd::splat(0.0) : exp_from_minus_708(x); }

// e_j = e^(l_j − max) into `out` and the sums softmax and entropy need. The sums run in
// four sequential partial sums (entries j ≡ 0, 1 mod 4 in one vector's lanes, 2, 3 in the
// other's; the tail in lane 0), so the result does not depend on the compiler. When no
// shifted logit is below −708 (kAllAbove), no e_j is 0 and the two selects that handle
// those are skipped: the same numbers, a fifth fewer operations per entry.
template <bool kAllAbove>
RowExponentials exponentiate_row(const Scalar* logits, Scalar row_max, Scalar* out, Eigen::Index n) {
    // Subtracting the row max leaves softmax unchanged (it cancels in the ratio) but keeps
    // every exponent ≤ 0: exp never overflows, and the max entry is exp(0) = 1 so the sum
    // is ≥ 1 and never underflows to 0. Logits of ±1e4 stay finite.
    f64x2 sum_a{}, sum_b{}, shift_a{}, shift_b{};
    const auto exponentiate = [&](f64x2 shifted, double* e_out, f64x2& sum, f64x2& weighted_shift) {
        const f64x2 e = kAllAbove ? exp_from_minus_708(shifted) : exp_nonpositive(shifted);
        simd::store(e_out, e);
        sum += e;
        // e = 0 adds 0·ln 0 = 0 (and −∞·0 is NaN)
        weighted_shift += kAllAbove ? e * shifted : e > 0 ? e * shifted : simd::splat(0.0);
    };
    Eigen::Index j = 0;
    for (; j + 4 <= n; j += 4) {
        exponentiate(simd::load(logits + j) - row_max, out + j, sum_a, shift_a);
        exponentiate(simd::load(logits + j + 2) - row_max, out + j + 2, sum_b, shift_b);
    }
    for (; j < n; ++j) {
        const Scalar shifted = logits[j] - row_max;
        const Scalar e = exp_nonpositive(simd::splat(shifted))[0];
        out[j] = e;
        sum_a[0] += e;
        if (e > 0) shift_a[0] += e * shifted;
    }
    return {(sum_a[0] + sum_a[1]) + (sum_b[0] + sum_b[1]), (shift_a[0] + shift_a[1]) + (shift_b[0] + shift_b[1])};
}

} // namespace

Scalar row_maximum(const Scalar* logits, Eigen::Index n) {
    f64x2 max_a = simd::splat(kMinusInfinity), max_b = max_a;
    Eigen::Index j = 0;
    for (; j + 4 <= n; j += 4) {
        max_a = simd::max(max_a, simd::load(logits + j));
        max_b = simd::max(max_b, simd::load(logits + j + 2));
    }
    for (; j < n; ++j) max_a[0] = std::max(max_a[0], logits[j]);
    return std::max(std::max(max_a[0], max_a[1]), std::max(max_b[0], max_b[1]));
}

RowExponentials row_exponentials(const Scalar* logits, Scalar row_max, Scalar row_min, Scalar* exponentials,
                                 Eigen::Index n) {
    if (row_max == kMinusInfinity) {
        std::fill(exponentials, exponentials + n, 0.0); // fully masked: exp(−∞ − (−∞)) would be NaN
        return {0, 0};
    }
    // x − max ≥ min − max for every entry, also after rounding (it is monotonic).
    return row_min - row_max >= kExpMin ? exponentiate_row<true>(logits, row_max, exponentials, n)
                                        : exponentiate_row<false>(logits, row_max, exponentials, n);
}

Scalar softmax_inverse_sum(const RowExponentials& e) { return e.sum == 0 ? 0.0 : 1.0 / e.sum; }

// With p_j = e^{s_j}/Z: −Σ p_j ln p_j = ln Z − Σ p_j s_j. One log per row instead of one
// per entry; both terms are ≥ 0, so nothing cancels.
Scalar softmax_entropy(const RowExponentials& e) { return e.sum == 0 ? 0.0 : std::log(e.sum) - e.weighted_shift / e.sum; }

Scalar softmax_row(const Scalar* logits, Scalar row_max, Scalar* probabilities, Eigen::Index n) {
    const RowExponentials e = row_exponentials(logits, row_max, kMinusInfinity, probabilities, n);
    const Scalar inverse = softmax_inverse_sum(e);
    for (Eigen::Index j = 0; j < n; ++j) probabilities[j] *= inverse;
    return softmax_entropy(e);
}

RowSoftmax softmax_rows(const Matrix& logits) {
    RowSoftmax out{Matrix(logits.rows(), logits.cols()), Vector(logits.rows())};
    const Eigen::Index n = logits.cols();
    for (Eigen::Index r = 0; r < logits.rows(); ++r) {
        const Scalar* row = logits.data() + r * n;
        out.entropy(r) = softmax_row(row, row_maximum(row, n), out.probabilities.data() + r * n, n);
    }
    return out;
}

} // namespace attn
