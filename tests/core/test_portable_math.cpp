// portable_math: the libm replacements that keep training bit-identical across platforms
// must agree with the C library to a few units in the last place.
#include "core/train/portable_math.h"
#include "test_helpers.h"
#include <cmath>
#include <limits>

using namespace attn::train;

namespace {

// |a − b| in units of the last place of b.
double ulps(double a, double b) {
    if (a == b) return 0;
    return std::abs(a - b) / std::abs(std::nextafter(b, HUGE_VAL) - b);
}

template <class Mine, class Reference> double worst_ulps(Mine mine, Reference reference, double lo, double hi) {
    double worst = 0;
    for (int i = 0; i <= 20000; ++i) {
        const double x = lo + (hi - lo) * i / 20000.0;
        worst = std::max(worst, ulps(mine(x), reference(x)));
    }
    return worst;
}

} // namespace

TEST_CASE("portable exp and log agree with the C library to a few ulps", "[portable_math]") {
    CHECK(worst_ulps(portable_exp, [](double x) { return std::exp(x); }, -700, 700) <= 4);
    CHECK(worst_ulps(portable_exp, [](double x) { return std::exp(x); }, -1, 1) <= 2);
    CHECK(worst_ulps(portable_log, [](double x) { return std::log(x); }, 1e-300, 10) <= 4);
    CHECK(worst_ulps(portable_log, [](double x) { return std::log(x); }, 0.5, 2) <= 4);
    CHECK(worst_ulps(portable_log1p, [](double x) { return std::log1p(x); }, 1e-18, 1) <= 4);
    CHECK(portable_log1p(1e-20) == 1e-20);
}

TEST_CASE("portable sin and cos agree with the C library over positional-encoding angles", "[portable_math]") {
    CHECK(worst_ulps(portable_sin, [](double x) { return std::sin(x); }, 0.01, 64) <= 4);
    CHECK(worst_ulps(portable_cos, [](double x) { return std::cos(x); }, -64, 64) <= 4);
    // Near zeros of sin, compare absolutely: ulps of a value near 0 are meaningless.
    CHECK(std::abs(portable_sin(M_PI) - std::sin(M_PI)) < 1e-16);
    CHECK(portable_sin(0) == 0);
    CHECK(portable_cos(0) == 1);
}

TEST_CASE("portable math edge cases", "[portable_math]") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(portable_exp(0) == 1);
    CHECK(portable_exp(1000) == inf);
    CHECK(portable_exp(-1000) == 0);
    CHECK(std::isnan(portable_exp(std::nan(""))));
    CHECK(portable_log(1) == 0);
    CHECK(portable_log(0) == -inf);
    CHECK(std::isnan(portable_log(-1)));
    CHECK(portable_log(inf) == inf);
}
