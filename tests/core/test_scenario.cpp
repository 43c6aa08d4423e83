// validate(), model_dim(), token_count(): scenarios built in C++ (as the UI builds them).
#include "core/error.h"
#include "core/result.h"
#include "test_helpers.h"
#include <limits>

using namespace attn;
using attn::test::explicit_scenario;
using attn::test::rows;

namespace {

std::string failing_field(const Scenario& s) {
    return attn::test::error_field([&] { validate(s); });
}

std::string failing_message(const Scenario& s) {
    const std::string message = attn::test::error_message([&] { validate(s); });
    return message == "accepted" ? "" : message;
}

Scenario three_tokens() {
    Scenario s;
    s.tokens = {"a", "b", "c"};
    return s;
}

} // namespace

TEST_CASE("defaults are valid: seeded dim 4 and one head", "[scenario]") {
    const Scenario s = three_tokens();
    CHECK(failing_field(s).empty());
    CHECK(model_dim(s) == 4);
    CHECK(token_count(s) == 3);
}

TEST_CASE("model_dim and token_count follow the sources", "[scenario]") {
    Scenario s = explicit_scenario(rows({{1, 2, 3, 4, 5, 6}}));
    CHECK(model_dim(s) == 6);
    s.text = "one two three";
    CHECK(token_count(s) == 3);
}

TEST_CASE("token count limits", "[scenario][limits]") {
    SECTION("0 tokens") {
        Scenario s;
        CHECK(failing_message(s) == "tokens: must be at least 1, got 0");
        s.text = "   ";
        CHECK(failing_message(s) == "text: contains no tokens");
    }
    SECTION("10000 tokens are refused, naming the limit") {
        Scenario s;
        s.tokens.assign(10000, "w");
        CHECK(failing_message(s) == "tokens: 10000 exceeds the limit of 512 (kMaxTokens tokens)");
        CHECK_THROWS_AS(compute(s), ScenarioError);
        Scenario text;
        for (int i = 0; i < 10000; ++i) text.text += "w ";
        CHECK(failing_field(text) == "text");
    }
    SECTION("exactly kMaxTokens is fine") {
        Scenario s;
        s.tokens.assign(kMaxTokens, "w");
        CHECK(failing_field(s).empty());
    }
}

TEST_CASE("token strings must be non-empty valid UTF-8", "[scenario]") {
    Scenario s = three_tokens();
    s.tokens[1] = "";
    CHECK(failing_field(s) == "tokens[1]");
    s.tokens[1] = "\xC0\xAF";
    CHECK(failing_message(s) == "tokens[1]: invalid UTF-8 at byte 0");
    Scenario t;
    t.text = "ok \xFF";
    CHECK(failing_message(t) == "text: invalid UTF-8 at byte 3");
}

TEST_CASE("embedding shape, NaN and dimension limits", "[scenario]") {
    SECTION("rows must match tokens") {
        Scenario s = explicit_scenario(rows({{1, 2}, {3, 4}}));
        s.tokens.push_back("extra");
        CHECK(failing_message(s) == "embeddings: expected 3 rows (one per token), got 2");
    }
    SECTION("NaN and infinity are refused with their position") {
        Scenario s = explicit_scenario(rows({{1, 2}, {3, 4}}));
        s.embeddings(1, 0) = std::numeric_limits<Scalar>::quiet_NaN();
        CHECK(failing_message(s) == "embeddings[1][0]: not a finite number");
        s.embeddings(1, 0) = std::numeric_limits<Scalar>::infinity();
        CHECK(failing_field(s) == "embeddings[1][0]");
    }
    SECTION("d_model above kMaxModelDim") {
        Scenario s = three_tokens();
        s.embedding_dim = kMaxModelDim + 1;
        CHECK(failing_message(s) == "embedding.dim: 257 exceeds the limit of 256 (kMaxModelDim, d_model)");
        s.embedding_dim = 0;
        CHECK(failing_field(s) == "embedding.dim");
    }
}

TEST_CASE("heads must divide d_model and respect kMaxHeads", "[scenario]") {
    Scenario s = three_tokens();
    s.heads = 3;
    CHECK(failing_message(s) == "heads: d_model = 4 is not divisible by 3 heads");
    s.heads = 0;
    CHECK(failing_field(s) == "heads");
    s.embedding_dim = 32;
    s.heads = kMaxHeads + 1;
    CHECK(failing_message(s) == "heads: 17 exceeds the limit of 16 (kMaxHeads)");
    s.heads = kMaxHeads;
    CHECK(failing_field(s).empty());
}

TEST_CASE("explicit projections must be d×d and finite", "[scenario]") {
    Scenario s = three_tokens();
    s.projections = ProjectionKind::Explicit;
    s.wq = s.wk = s.wv = s.wo = Matrix::Identity(4, 4);
    CHECK(failing_field(s).empty());
    s.wv = Matrix::Identity(4, 3);
    CHECK(failing_message(s) == "projections.wv: expected a 4×4 matrix, got 4×3");
    s.wv = Matrix::Identity(4, 4);
    s.wo(2, 2) = std::numeric_limits<Scalar>::quiet_NaN();
    CHECK(failing_field(s) == "projections.wo[2][2]");
}

TEST_CASE("temperature must be finite and > 0", "[scenario]") {
    Scenario s = three_tokens();
    s.temperature = 0;
    CHECK(failing_field(s) == "temperature");
    s.temperature = -1;
    CHECK(failing_field(s) == "temperature");
    s.temperature = std::numeric_limits<Scalar>::quiet_NaN();
    CHECK(failing_field(s) == "temperature");
    s.temperature = 1e-3;
    CHECK(failing_field(s).empty());
}

TEST_CASE("explicit mask must be T×T of 0/1", "[scenario][mask]") {
    Scenario s = three_tokens();
    s.mask = MaskKind::Explicit;
    s.mask_matrix = Matrix::Ones(3, 2);
    CHECK(failing_message(s) == "mask: expected a 3×3 matrix, got 3×2");
    s.mask_matrix = Matrix::Ones(3, 3);
    s.mask_matrix(0, 2) = 0.5;
    CHECK(failing_field(s) == "mask[0][2]");
    s.mask_matrix(0, 2) = 0;
    CHECK(failing_field(s).empty());
}
