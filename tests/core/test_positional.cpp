// Sinusoidal positional encoding against hand-written values.
#include "core/positional.h"
#include "test_helpers.h"
#include <cmath>

using namespace attn;

TEST_CASE("sinusoidal encoding for d = 4", "[positional]") {
    const Matrix pe = sinusoidal_encoding(3, 4);
    // Position 0: sin 0 = 0, cos 0 = 1 in every pair.
    attn::test::require_near(pe.row(0), attn::test::rows({{0, 1, 0, 1}}), 0);
    // Columns 0–1 have frequency 1/10000^(0/4) = 1; columns 2–3 have 1/10000^(2/4) = 1/100.
    CHECK(pe(1, 0) == Approx(std::sin(1.0)).epsilon(1e-15));
    CHECK(pe(1, 1) == Approx(std::cos(1.0)).epsilon(1e-15));
    CHECK(pe(1, 2) == Approx(std::sin(0.01)).epsilon(1e-15));
    CHECK(pe(1, 3) == Approx(std::cos(0.01)).epsilon(1e-15));
    CHECK(pe(2, 0) == Approx(std::sin(2.0)).epsilon(1e-15));
    CHECK(pe(2, 2) == Approx(std::sin(0.02)).epsilon(1e-15));
    CHECK(pe(1, 0) == Approx(0.8414709848078965).epsilon(1e-15));
}

TEST_CASE("sinusoidal encoding for odd d ends with a sine", "[positional]") {
    const Matrix pe = sinusoidal_encoding(2, 3);
    // Column 2 is 2i with i = 1: sin(pos / 10000^(2/3)).
    CHECK(pe(1, 2) == Approx(std::sin(1 / std::pow(10000.0, 2.0 / 3))).epsilon(1e-14));
    CHECK(pe(0, 2) == 0);
}

TEST_CASE("sinusoidal encoding at T = 512 keeps every value within plus or minus 1", "[positional]") {
    const Matrix pe = sinusoidal_encoding(512, 256);
    CHECK((pe.array().abs() <= 1.0).all());
    // sin² + cos² = 1 for each pair.
    CHECK(pe(300, 10) * pe(300, 10) + pe(300, 11) * pe(300, 11) == Approx(1).epsilon(1e-14));
}
