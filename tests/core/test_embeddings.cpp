// Seeded embeddings and projections. Expected numbers come from an independent Python
// implementation of the algorithm in docs/scenario-format.md.
#include "core/embeddings.h"
#include "test_helpers.h"
#include <cmath>

using namespace attn;
using attn::test::require_near;
using attn::test::rows;

TEST_CASE("seeded embedding of a token follows the documented algorithm", "[embeddings]") {
    require_near(seeded_embedding("cat", 4, 0), rows({{-0.91, -0.93, -1.0, -0.61}}), 1e-15);
    require_near(seeded_embedding("cat", 4, 7), rows({{0.44, 0.16, -0.81, 0.61}}), 1e-15);
    require_near(seeded_embedding("自", 3, 0), rows({{0.59, 0.48, -0.92}}), 1e-15);
}

TEST_CASE("seeded embeddings are rounded to two decimals", "[embeddings]") {
    const Vector v = seeded_embedding("attention", 64, 3);
    for (Eigen::Index i = 0; i < v.size(); ++i) {
        CHECK(std::abs(v(i) * 100 - std::round(v(i) * 100)) < 1e-9);
        CHECK(std::abs(v(i)) <= 1.0);
    }
}

TEST_CASE("equal tokens get equal vectors wherever they occur", "[embeddings]") {
    const Matrix e = seeded_embeddings({"the", "cat", "saw", "the", "cat"}, 8, 11);
    require_near(e.row(0), e.row(3), 0);
    require_near(e.row(1), e.row(4), 0);
    CHECK_FALSE(e.row(0).isApprox(e.row(1)));
    // Deterministic: the same call again gives the same numbers.
    require_near(seeded_embeddings({"the", "cat", "saw", "the", "cat"}, 8, 11), e, 0);
    // A different seed gives different numbers.
    CHECK_FALSE(seeded_embeddings({"the"}, 8, 12).isApprox(e.row(0)));
}

TEST_CASE("seeded projections: one stream with wq first and scaled by sqrt(3/d)", "[embeddings]") {
    const Projections p = seeded_projections(2, 42);
    require_near(p.wq, rows({{0.5917106927682431, -0.833046004275145}, {-0.5423142605038267, -0.3816532417057464}}),
                 1e-15);
    const Scalar bound = std::sqrt(3.0 / 2);
    for (const Matrix* m : {&p.wq, &p.wk, &p.wv, &p.wo}) CHECK((m->array().abs() <= bound).all());
    CHECK_FALSE(p.wk.isApprox(p.wq));
    CHECK_FALSE(p.wo.isApprox(p.wv));
}

TEST_CASE("seeded projections keep the variance of X", "[embeddings]") {
    // Entries u·√(3/d), u uniform in [-1, 1): variance (3/d)/3 = 1/d per entry.
    const int d = 128;
    const Projections p = seeded_projections(d, 1);
    const Scalar variance = p.wq.array().square().mean();
    CHECK(variance == Approx(1.0 / d).epsilon(0.05));
}

TEST_CASE("identity projections", "[embeddings]") {
    const Projections p = identity_projections(3);
    require_near(p.wv, Matrix::Identity(3, 3), 0);
}
