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
    require_near(softmax_rows(rows({{0, 1}})), rows({{1 / (1 + e), e / (1 + e)}}));
    require_near(softmax_rows(rows({{3, 3, 3, 3}})), rows({{0.25, 0.25, 0.25, 0.25}}));
}

TEST_CASE("softmax is shift invariant and overflow safe", "[softmax]") {
    require_near(softmax_rows(rows({{1000, 1001}})), softmax_rows(rows({{0, 1}})));
    require_near(softmax_rows(rows({{1e4, -1e4}})), rows({{1, 0}}), 0);
    require_near(softmax_rows(rows({{-1e4, -1e4}})), rows({{0.5, 0.5}}), 0);
    CHECK(softmax_rows(rows({{1e300, -1e300, 0}})).allFinite());
}

TEST_CASE("masked entries get weight 0 and a fully masked row is all 0", "[softmax]") {
    require_near(softmax_rows(rows({{-inf, 0, 0}})), rows({{0, 0.5, 0.5}}), 0);
    const Matrix p = softmax_rows(rows({{-inf, -inf}}));
    CHECK(p.allFinite());
    require_near(p, rows({{0, 0}}), 0);
}

TEST_CASE("entropy in nats", "[softmax]") {
    const Vector h = row_entropy(rows({{0.5, 0.5, 0}, {1, 0, 0}, {0, 0, 0}, {0.25, 0.25, 0.5}}));
    CHECK(h(0) == Approx(std::log(2.0)).epsilon(1e-15));
    CHECK(h(1) == 0);  // 1·ln 1 = 0 and 0·ln 0 = 0
    CHECK(h(2) == 0);  // a fully masked row
    CHECK(h(3) == Approx(1.5 * std::log(2.0)).epsilon(1e-15)); // ½ln4 + ½ln2
}
