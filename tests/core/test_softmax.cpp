// Row-wise softmax and entropy.
#include "core/softmax.h"
#include "test_helpers.h"
#include <cmath>
#include <limits>

using namespace attn;
using attn::test::require_near;
using attn::test::rows;

namespace {
const Scalar inf = std::numeric_limits<Scalar>::infinity();
}

TEST_CASE("softmax of a row", "[softmax]") {
    const Scalar e = std::exp(1.0);
    require_near(softmax_rows(rows({{0, 1}})).probabilities, rows({{1 / (1 + e), e / (1 + e)}}));
    require_near(softmax_rows(rows({{3, 3, 3, 3}})).probabilities, rows({{0.25, 0.25, 0.25, 0.25}}));
}

TEST_CASE("softmax is shift invariant and overflow safe", "[softmax]") {
    require_near(softmax_rows(rows({{1000, 1001}})).probabilities, softmax_rows(rows({{0, 1}})).probabilities);
    require_near(softmax_rows(rows({{1e4, -1e4}})).probabilities, rows({{1, 0}}), 0);
    require_near(softmax_rows(rows({{-1e4, -1e4}})).probabilities, rows({{0.5, 0.5}}), 0);
    const RowSoftmax extreme = softmax_rows(rows({{1e300, -1e300, 0}}));
    CHECK(extreme.probabilities.allFinite());
    CHECK(extreme.entropy.allFinite());
}

TEST_CASE("masked entries get weight 0 and a fully masked row is all 0", "[softmax]") {
    require_near(softmax_rows(rows({{-inf, 0, 0}})).probabilities, rows({{0, 0.5, 0.5}}), 0);
    const RowSoftmax masked = softmax_rows(rows({{-inf, -inf}}));
    CHECK(masked.probabilities.allFinite());
    require_near(masked.probabilities, rows({{0, 0}}), 0);
    CHECK(masked.entropy(0) == 0);
}

TEST_CASE("entropy in nats", "[softmax]") {
    const Scalar ln2 = std::log(2.0);
    // Logits chosen so the probabilities are [½, ½, 0], [1, 0, 0], [¼, ¼, ½], uniform over 3.
    const Vector h = softmax_rows(rows({{0, 0, -inf}, {0, -inf, -inf}, {0, 0, ln2}, {5, 5, 5}})).entropy;
    CHECK(h(0) == Approx(ln2).epsilon(1e-15));
    CHECK(h(1) == 0);                                      // 1·ln 1 = 0 and 0·ln 0 = 0
    CHECK(h(2) == Approx(1.5 * ln2).epsilon(1e-14));       // ½ln4 + ½ln2
    CHECK(h(3) == Approx(std::log(3.0)).epsilon(1e-15));   // uniform over 3: ln 3
    // Far below e^−745 a probability is exactly 0 and contributes nothing.
    CHECK(softmax_rows(rows({{0, -1e4}})).entropy(0) == Approx(0).margin(1e-300));
}

TEST_CASE("softmax matches std::exp across the exponent range and every row length", "[softmax]") {
    // The softmax has its own exp (a table and a short polynomial, vectorised); it must agree
    // with the C library's to a few units in the last place, and rows of any length take the
    // same path.
    for (int n : {1, 2, 3, 4, 5, 7, 9, 64, 515}) {
        Matrix logits(1, n);
        for (int j = 0; j < n; ++j) logits(0, j) = -760.0 * j / std::max(1, n - 1) + 0.37 * (j % 3); // 0 … −760
        const RowSoftmax got = softmax_rows(logits);
        const Scalar top = logits.maxCoeff();
        Scalar sum = 0, shift = 0;
        for (int j = 0; j < n; ++j) sum += std::exp(logits(0, j) - top);
        for (int j = 0; j < n; ++j) {
            const Scalar p = std::exp(logits(0, j) - top) / sum;
            shift += p * (logits(0, j) - top);
            INFO("n = " << n << ", j = " << j << ", logit " << logits(0, j));
            CHECK(std::abs(got.probabilities(0, j) - p) <= 2e-15 * p + 1e-300); // below e^−708: 0 instead of ≤ 3e−308
        }
        CHECK(got.entropy(0) == Approx(std::log(sum) - shift).epsilon(1e-14).margin(1e-15));
    }
}
