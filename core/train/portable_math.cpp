#include "portable_math.h"
#include <cmath>
#include <limits>

namespace attn::train {

namespace {

// ln 2 and π/2 split as in fdlibm: the high parts have trailing zero bits, so k·hi is exact.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kHalfPiHi = 1.57079632673412561417e+00;
constexpr double kHalfPiLo = 6.07710050650619224932e-11;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kTwoOverPi = 6.36619772367581382433e-01;

// Taylor series, Horner form: enough terms that the first omitted one is below 1e-17
// on the reduced ranges (|r| ≤ ln2/2 for exp, |r| ≤ π/4 for sin and cos).
double exp_reduced(double r) {
    double p = 1.0 / 6227020800.0; // 1/13!
    const double inverse_factorials[] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                                         1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0,
                                         1.0 / 6.0, 0.5, 1.0, 1.0};
    for (double c : inverse_factorials) p = p * r + c;
    return p;
}

double sin_reduced(double r) { // r − r³/3! + … − r¹⁹/19!
    const double r2 = r * r;
    double p = -1.0 / 121645100408832000.0;
    const double c[] = {1.0 / 355687428096000.0, -1.0 / 1307674368000.0, 1.0 / 6227020800.0, -1.0 / 39916800.0,
                        1.0 / 362880.0, -1.0 / 5040.0, 1.0 / 120.0, -1.0 / 6.0};
    for (double k : c) p = p * r2 + k;
    return r + r * r2 * p;
}

double cos_reduced(double r) { // 1 − r²/2! + … + r²⁰/20!
    const double r2 = r * r;
    double p = 1.0 / 2432902008176640000.0;
    const double c[] = {-1.0 / 6402373705728000.0, 1.0 / 20922789888000.0, -1.0 / 87178291200.0, 1.0 / 479001600.0,
                        -1.0 / 3628800.0, 1.0 / 40320.0, -1.0 / 720.0, 1.0 / 24.0, -0.5};
    for (double k : c) p = p * r2 + k;
    return 1.0 + r2 * p;
}

} // namespace

double portable_exp(double x) {
    if (std::isnan(x)) return x;
    if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
    if (x < -745.1332191019412) return 0.0;
    const double k = std::floor(x * kInvLn2 + 0.5);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;
    return std::ldexp(exp_reduced(r), int(k)); // scaling by 2^k is exact (or IEEE-rounded when subnormal)
}

double portable_log(double x) {
    if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (std::isinf(x)) return x;
    int e = 0;
    double m = std::frexp(x, &e); // x = m·2^e, m in [½, 1)
    if (m < 0.70710678118654752440) {
        m *= 2;
        --e;
    }
    // log m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m−1)/(m+1), |s| ≤ 0.172
    const double s = (m - 1) / (m + 1);
    const double s2 = s * s;
    double p = 1.0 / 25;
    for (int k = 11; k >= 0; --k) p = p * s2 + 1.0 / (2 * k + 1);
    return e * kLn2Hi + (2 * s * p + e * kLn2Lo);
}

double portable_log1p(double x) {
    // log(1+x) = log(u)·x/(u−1) with u = 1+x rounded: the factor corrects u's rounding
    // error (Goldberg 1991, theorem 4), so tiny x keep their precision.
    const double u = 1.0 + x;
    if (u == 1.0) return x;
    return portable_log(u) * (x / (u - 1.0));
}

namespace {

// sin of x + quarter_turns·π/2: x is reduced to r in [−π/4, π/4] plus a quadrant, so both
// sin and cos come from one reduction.
double sin_with_quarter_turns(double x, int quarter_turns) {
    if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
    const double n = std::floor(x * kTwoOverPi + 0.5);
    const double r = (x - n * kHalfPiHi) - n * kHalfPiLo;
    switch ((int(std::fmod(n, 4.0)) + quarter_turns + 8) % 4) {
    case 0: return sin_reduced(r);
    case 1: return cos_reduced(r);
    case 2: return -sin_reduced(r);
    default: return -cos_reduced(r);
    }
}

} // namespace

double portable_sin(double x) { return sin_with_quarter_turns(x, 0); }
double portable_cos(double x) { return sin_with_quarter_turns(x, 1); }

} // namespace attn::train
