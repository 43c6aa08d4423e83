// compute(): expected values are worked out by hand as closed-form expressions.
#include "core/attention.h"
#include "core/result.h"
#include "core/softmax.h"
#include "test_helpers.h"
#include <cmath>
#include <limits>
#include <string>

using namespace attn;
using attn::test::explicit_scenario;
using attn::test::require_near;
using attn::test::rows;

namespace {

const Scalar e = std::exp(1.0);

// The classic worked example: x1 = [1,0,1], x2 = [0,1,0], x3 = [1,1,1], identity
// projections, so Q = K = V = X and scores = X·Xᵀ.
Scenario classic_example() {
    Scenario s = explicit_scenario(rows({{1, 0, 1}, {0, 1, 0}, {1, 1, 1}}));
    s.tokens = {"x1", "x2", "x3"};
    s.scale = false;
    return s;
}

} // namespace

TEST_CASE("classic example: scores are the dot products x_i·x_j", "[attention]") {
    const auto r = compute(classic_example());
    // x1·x1 = 2, x1·x2 = 0, x1·x3 = 1+0+1 = 2; x2·x2 = 1, x2·x3 = 1; x3·x3 = 3.
    require_near(r->head[0].scores, rows({{2, 0, 2}, {0, 1, 1}, {2, 1, 3}}));
    require_near(r->head[0].logits, r->head[0].scores); // no scaling, temperature 1
}

TEST_CASE("classic example: weights are softmax of each score row", "[attention]") {
    const auto r = compute(classic_example());
    const Scalar row1 = e * e + 1 + e * e;     // e² + e⁰ + e²
    const Scalar row2 = 1 + e + e;             // e⁰ + e¹ + e¹
    const Scalar row3 = e * e + e + e * e * e; // e² + e¹ + e³
    require_near(r->head[0].weights, rows({{e * e / row1, 1 / row1, e * e / row1},
                                           {1 / row2, e / row2, e / row2},
                                           {e * e / row3, e / row3, e * e * e / row3}}));
    CHECK(r->head[0].weights(0, 2) == Approx(0.46831).epsilon(1e-5)); // the textbook's rounded value
}

TEST_CASE("classic example: each output row is the weighted sum of value rows", "[attention]") {
    const auto r = compute(classic_example());
    const Scalar row1 = 2 * e * e + 1, row2 = 1 + 2 * e, row3 = e * e + e + e * e * e;
    // output_i = Σ_j w_ij·x_j; coordinates 1 and 3 collect x1 and x3, coordinate 2 collects x2 and x3.
    const Matrix expected = rows({{2 * e * e / row1, (1 + e * e) / row1, 2 * e * e / row1},
                                  {(1 + e) / row2, 2 * e / row2, (1 + e) / row2},
                                  {(e * e + e * e * e) / row3, (e + e * e * e) / row3, (e * e + e * e * e) / row3}});
    require_near(r->head[0].output, expected);
    require_near(r->output, expected); // one head, W_O = I
    CHECK(r->output(0, 0) == Approx(0.93662).epsilon(1e-5));
    CHECK(r->output(0, 1) == Approx(0.53169).epsilon(1e-5));
}

TEST_CASE("result holds every resolved input", "[attention]") {
    const auto r = compute(classic_example());
    CHECK(r->tokens == std::vector<std::string>{"x1", "x2", "x3"});
    CHECK(r->d_model == 3);
    CHECK(r->heads == 1);
    CHECK(r->d_k == 3);
    CHECK(r->scale_factor == 1.0);
    require_near(r->wq, Matrix::Identity(3, 3), 0);
    require_near(r->wo, Matrix::Identity(3, 3), 0);
    require_near(r->mask, Matrix::Ones(3, 3), 0);
    require_near(r->positional, Matrix::Zero(3, 3), 0);
    require_near(r->x, r->embeddings, 0);
    REQUIRE(r->head.size() == 1);
    CHECK(r->head[0].entropy.size() == 3);
}

TEST_CASE("result resolves tokens from text into its scenario", "[attention]") {
    Scenario s;
    s.text = "the cat sat";
    const auto r = compute(s);
    CHECK(r->tokens == std::vector<std::string>{"the", "cat", "sat"});
    CHECK(r->scenario.tokens == r->tokens);
    CHECK(r->scenario.text == "the cat sat");
    CHECK(r->x.rows() == 3);
    CHECK(r->x.cols() == 4); // default embedding dim
}

TEST_CASE("scaling divides logits by sqrt(d_k)", "[attention]") {
    Scenario s = classic_example();
    s.scale = true;
    const auto r = compute(s);
    const Scalar k = 1 / std::sqrt(3.0); // d_k = 3
    CHECK(r->scale_factor == Approx(k).epsilon(1e-15));
    require_near(r->head[0].logits, rows({{2 * k, 0, 2 * k}, {0, k, k}, {2 * k, k, 3 * k}}));
    const Scalar sum1 = 2 * std::exp(2 * k) + 1;
    CHECK(r->head[0].weights(0, 0) == Approx(std::exp(2 * k) / sum1).epsilon(1e-12));
    CHECK(r->head[0].weights(0, 1) == Approx(1 / sum1).epsilon(1e-12));
}

TEST_CASE("temperature divides logits: higher is flatter", "[attention]") {
    Scenario s = classic_example();
    s.temperature = 2;
    const auto r = compute(s);
    require_near(r->head[0].logits, rows({{1, 0, 1}, {0, 0.5, 0.5}, {1, 0.5, 1.5}}));
    const Scalar sum1 = 2 * e + 1; // e¹ + e⁰ + e¹
    require_near(r->head[0].weights.row(0), rows({{e / sum1, 1 / sum1, e / sum1}}));
}

TEST_CASE("causal mask: token i attends to tokens 0..i only", "[attention][mask]") {
    Scenario s = classic_example();
    s.mask = MaskKind::Causal;
    const auto r = compute(s);
    require_near(r->mask, rows({{1, 0, 0}, {1, 1, 0}, {1, 1, 1}}), 0);
    const Scalar inf = std::numeric_limits<Scalar>::infinity();
    CHECK(r->head[0].logits(0, 1) == -inf);
    CHECK(r->head[0].logits(0, 2) == -inf);
    CHECK(r->head[0].logits(1, 2) == -inf);
    const Scalar row3 = e * e + e + e * e * e;
    require_near(r->head[0].weights, rows({{1, 0, 0}, {1 / (1 + e), e / (1 + e), 0},
                                           {e * e / row3, e / row3, e * e * e / row3}}));
    // The first token sees only itself, so its output is x1.
    require_near(r->head[0].output.row(0), rows({{1, 0, 1}}));
    require_near(r->head[0].output.row(1), rows({{1 / (1 + e), e / (1 + e), 1 / (1 + e)}}));
    CHECK(r->head[0].entropy(0) == Approx(0).margin(1e-15)); // certain: one choice
}

TEST_CASE("explicit mask with a fully masked row", "[attention][mask]") {
    Scenario s = classic_example();
    s.mask = MaskKind::Explicit;
    s.mask_matrix = rows({{0, 0, 0}, {1, 1, 1}, {1, 0, 1}});
    const auto r = compute(s);
    const HeadResult& h = r->head[0];
    SECTION("a fully masked row has zero weights, zero output and zero entropy (documented)") {
        require_near(h.weights.row(0), rows({{0, 0, 0}}), 0);
        require_near(h.output.row(0), rows({{0, 0, 0}}), 0);
        require_near(r->output.row(0), rows({{0, 0, 0}}), 0);
        CHECK(h.entropy(0) == 0);
        CHECK(std::isinf(h.logits(0, 0)));
    }
    SECTION("a partly masked row renormalises over what is left") {
        // Row 3 keeps x1 (score 2) and x3 (score 3).
        require_near(h.weights.row(2), rows({{e * e / (e * e + e * e * e), 0, e * e * e / (e * e + e * e * e)}}));
        require_near(h.weights.row(1), rows({{1 / (1 + 2 * e), e / (1 + 2 * e), e / (1 + 2 * e)}}));
    }
}

TEST_CASE("multi-head: heads take contiguous column blocks and W_O mixes the concat", "[attention][heads]") {
    // d_model = 4, 2 heads, d_k = 2. Head 1 sees columns 0–1, head 2 columns 2–3.
    Scenario s = explicit_scenario(rows({{1, 0, 0, 1}, {0, 1, 1, 0}}));
    s.heads = 2;
    s.scale = false;
    s.projections = ProjectionKind::Explicit;
    s.wq = s.wk = s.wv = Matrix::Identity(4, 4);
    s.wo = rows({{1, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}); // adds column 0 into column 1
    const auto r = compute(s);
    REQUIRE(r->head.size() == 2);
    CHECK(r->d_k == 2);
    // Head 1: q1 = [1,0], q2 = [0,1] → scores I; head 2: q1 = [0,1], q2 = [1,0] → scores I too.
    require_near(r->head[0].q, rows({{1, 0}, {0, 1}}), 0);
    require_near(r->head[1].q, rows({{0, 1}, {1, 0}}), 0);
    require_near(r->head[0].scores, Matrix::Identity(2, 2), 0);
    require_near(r->head[1].scores, Matrix::Identity(2, 2), 0);
    const Scalar a = e / (e + 1), b = 1 / (e + 1); // softmax([1, 0])
    require_near(r->head[0].weights, rows({{a, b}, {b, a}}));
    // Head 1 output row 1 = a·[1,0] + b·[0,1]; head 2 row 1 = a·[0,1] + b·[1,0].
    require_near(r->head[0].output, rows({{a, b}, {b, a}}));
    require_near(r->head[1].output, rows({{b, a}, {a, b}}));
    require_near(r->concat, rows({{a, b, b, a}, {b, a, a, b}}));
    // Output = concat · W_O: column 1 becomes column 0 + column 1 = a + b = 1.
    require_near(r->output, rows({{a, 1, b, a}, {b, 1, a, b}}));
}

TEST_CASE("seeded projections are applied as Q = X·W_Q", "[attention]") {
    Scenario s = explicit_scenario(rows({{1, 2}, {3, 4}, {5, 6}}));
    s.projections = ProjectionKind::Seeded;
    s.projection_seed = 9;
    const auto r = compute(s);
    require_near(r->head[0].q, r->x * r->wq);
    require_near(r->head[0].k, r->x * r->wk);
    require_near(r->head[0].v, r->x * r->wv);
    require_near(r->output, r->concat * r->wo);
    CHECK_FALSE(r->wq.isApprox(r->wk)); // drawn in order from one stream, not repeated
}

TEST_CASE("without positional encoding attention is permutation equivariant", "[attention][positional]") {
    Scenario s;
    s.tokens = {"the", "cat", "sat", "on", "mat"};
    s.embedding_dim = 8;
    s.heads = 2;
    s.projections = ProjectionKind::Seeded;
    s.projection_seed = 5;
    Scenario permuted = s;
    const std::vector<int> order = {3, 0, 4, 1, 2}; // permuted token i is original token order[i]
    for (std::size_t i = 0; i < order.size(); ++i) permuted.tokens[i] = s.tokens[std::size_t(order[i])];

    SECTION("no PE: output rows are permuted the same way") {
        const auto r = compute(s), p = compute(permuted);
        for (std::size_t i = 0; i < order.size(); ++i)
            require_near(p->output.row(Eigen::Index(i)), r->output.row(order[i]), 1e-12);
    }
    SECTION("with sinusoidal PE: the symmetry is broken") {
        s.positional = permuted.positional = Positional::Sinusoidal;
        const auto r = compute(s), p = compute(permuted);
        Scalar largest_difference = 0;
        for (std::size_t i = 0; i < order.size(); ++i)
            largest_difference = std::max(largest_difference,
                                          (p->output.row(Eigen::Index(i)) - r->output.row(order[i])).cwiseAbs().maxCoeff());
        CHECK(largest_difference > 1e-3);
    }
}

TEST_CASE("positional encoding is added to the embeddings", "[attention][positional]") {
    Scenario s = classic_example();
    s.positional = Positional::Sinusoidal;
    const auto r = compute(s);
    require_near(r->x, r->embeddings + r->positional, 0);
    CHECK(r->positional(1, 0) == Approx(std::sin(1.0)).epsilon(1e-15));
}

TEST_CASE("huge logits and tiny temperatures stay finite", "[attention][overflow]") {
    SECTION("logits of ±1e4") {
        Scenario s = explicit_scenario(rows({{100}, {-100}})); // scores x_i·x_j = ±1e4
        s.scale = false;
        const auto r = compute(s);
        require_near(r->head[0].logits, rows({{1e4, -1e4}, {-1e4, 1e4}}), 0);
        require_near(r->head[0].weights, rows({{1, 0}, {0, 1}}), 1e-300);
        require_near(r->output, rows({{100}, {-100}}));
        CHECK(r->head[0].entropy.allFinite());
    }
    SECTION("temperature 0.01 sharpens the classic example to (near) one-hot") {
        Scenario s = classic_example();
        s.temperature = 0.01;
        const auto r = compute(s);
        // Row 1 logits [200, 0, 200] → [½, e⁻²⁰⁰/…, ½]; row 3 [200, 100, 300] → ≈ [0, 0, 1].
        require_near(r->head[0].weights.row(0), rows({{0.5, 0, 0.5}}), 1e-80);
        require_near(r->head[0].weights.row(2), rows({{0, 0, 1}}), 1e-40);
        CHECK(r->head[0].weights.allFinite());
        CHECK(r->output.allFinite());
    }
}

TEST_CASE("masked_logits and attention_mask building blocks", "[attention][mask]") {
    const Matrix logits = masked_logits(rows({{1, 2}, {3, 4}}), 0.5, rows({{1, 0}, {1, 1}}));
    CHECK(logits(0, 0) == 0.5);
    CHECK(logits(0, 1) == -std::numeric_limits<Scalar>::infinity());
    CHECK(logits(1, 1) == 2);
    Scenario s;
    s.mask = MaskKind::Causal;
    require_near(attention_mask(s, 4), rows({{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}}), 0);
}

TEST_CASE("the largest allowed scenario computes", "[attention][limits]") {
    Scenario s;
    for (int i = 0; i < kMaxTokens; ++i) s.tokens.push_back("w" + std::to_string(i % 37));
    s.embedding_dim = 16;
    s.heads = 4;
    s.mask = MaskKind::Causal;
    const auto r = compute(s);
    CHECK(r->output.rows() == kMaxTokens);
    CHECK(r->output.allFinite());
    // Every weight row of a causal mask sums to 1.
    CHECK(((r->head[3].weights.rowwise().sum().array() - 1).abs() < 1e-12).all());
}

TEST_CASE("cross-attention: queries from X, keys and values from the source S", "[attention][source]") {
    // X = [[1, 0]], S = [[1, 0], [0, 1], [1, 1]], identity projections, no scaling:
    // scores = x·sⱼ = [1, 0, 1]; weights = [e, 1, e] / (2e + 1); output = Σ w_j·s_j.
    Scenario s = explicit_scenario(rows({{1, 0}}));
    s.tokens = {"q"};
    s.scale = false;
    s.has_source = true;
    s.source.tokens = {"a", "b", "c"};
    s.source.embedding_source = EmbeddingSource::Explicit;
    s.source.embeddings = rows({{1, 0}, {0, 1}, {1, 1}});
    const auto r = compute(s);
    REQUIRE(r->head[0].scores.rows() == 1);
    REQUIRE(r->head[0].scores.cols() == 3);
    CHECK(r->key_tokens == std::vector<std::string>{"a", "b", "c"});
    const Scalar z = 2 * e + 1;
    require_near(r->head[0].weights, rows({{e / z, 1 / z, e / z}}), 1e-12);
    require_near(r->head[0].output, rows({{2 * e / z, (1 + e) / z}}), 1e-12);
    CHECK(r->mask.cols() == 3);
}

// compute() fuses the softmax into its pass over the rows (two queries at a time, the
// division by the row sum done inside the weighted sum, the exp's guards skipped for rows
// whose logits are all within 708 of their maximum). softmax_rows() is the plain version,
// always with the guards: the weights must be the same bits, and the outputs weights·V.
TEST_CASE("the fused row pass gives softmax_rows' weights exactly, for every mask and shape", "[attention][softmax]") {
    for (int tokens : {1, 2, 5, 9})        // odd counts leave one query for a pass of its own
        for (int d_model : {2, 6, 16, 20}) // d_k below, at and above the eight-column blocks
            for (MaskKind mask : {MaskKind::None, MaskKind::Causal, MaskKind::Explicit})
                for (Scalar temperature : {1.0, 0.002}) { // 0.002: rows spanning more than 708, some e^x = 0
                    Scenario s;
                    for (int t = 0; t < tokens; ++t) s.tokens.push_back("w" + std::to_string(t));
                    s.embedding_dim = d_model;
                    s.heads = 2;
                    s.projections = ProjectionKind::Seeded;
                    s.projection_seed = 3;
                    s.temperature = temperature;
                    s.mask = mask;
                    if (mask == MaskKind::Explicit) {
                        s.mask_matrix = Matrix::Ones(tokens, tokens);
                        for (int i = 0; i < tokens; ++i) s.mask_matrix(i, (i + 1) % tokens) = tokens > 1 ? 0 : 1;
                        if (tokens > 2) s.mask_matrix.row(2).setZero(); // a query that sees nothing
                    }
                    const auto r = compute(s);
                    for (const HeadResult& h : r->head) {
                        INFO("T=" << tokens << " d_model=" << d_model << " mask=" << int(mask) << " tau=" << temperature);
                        const RowSoftmax plain = softmax_rows(h.logits);
                        CHECK((h.weights.array() == plain.probabilities.array()).all());
                        CHECK((h.entropy.array() == plain.entropy.array()).all());
                        require_near(h.output, plain.probabilities * h.v, 1e-12);
                    }
                }
}
