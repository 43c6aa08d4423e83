#include "core/model/attention_maps.h"
#include "core/model/bpe.h"
#include "core/model/gpt2_weights.h"
#include "core/model/model_result.h"
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace attn::model;

namespace {

// Row-major T×T causal weights from a rule: all of row i's weight on key target(i).
std::vector<float> one_hot_rows(int T, int (*target)(int)) {
    std::vector<float> w(static_cast<size_t>(T * T), 0.0f);
    for (int i = 0; i < T; ++i) w[static_cast<size_t>(i * T + target(i))] = 1.0f;
    return w;
}

} // namespace

TEST_CASE("head patterns: previous-token, induction and first-token sink measured by hand", "[model]") {
    const std::vector<std::string> tokens = {"a", "b", "c", "a", "b", "c"};
    const int T = 6;
    SECTION("every row on i−1 (row 0 on itself)") {
        const std::vector<float> w = one_hot_rows(T, [](int i) { return i > 0 ? i - 1 : 0; });
        const HeadPattern p = measure_head([&](int i) { return w.data() + i * T; }, true, tokens);
        CHECK(p.previous == Approx(1.0));
        CHECK(p.first == Approx(1.0 / 5)); // row 1's i−1 is token 0
        CHECK(p.induction_queries == 3);   // positions 3, 4, 5 repeat 0, 1, 2
        CHECK(p.induction == Approx(0.0)); // their targets are 1, 2, 3; they look at 2, 3, 4
        CHECK(describe_head(p).rfind("previous-token head\n", 0) == 0);
    }
    SECTION("the second copy on the token after the earlier occurrence") {
        const std::vector<float> w = one_hot_rows(T, [](int i) { return i >= 3 ? i - 2 : 0; });
        const HeadPattern p = measure_head([&](int i) { return w.data() + i * T; }, true, tokens);
        CHECK(p.induction == Approx(1.0));
        CHECK(describe_head(p).rfind("induction head\n", 0) == 0);
    }
    SECTION("everything on token 0; no repeats") {
        const std::vector<float> w = one_hot_rows(T, [](int) { return 0; });
        const HeadPattern p = measure_head([&](int i) { return w.data() + i * T; }, true, {"a", "b", "c", "d", "e", "f"});
        CHECK(p.first == Approx(1.0));
        CHECK(p.induction_queries == 0);
        CHECK(std::isnan(p.induction));
        CHECK(describe_head(p).rfind("first-token sink\n", 0) == 0);
    }
}

TEST_CASE("attention maps pool long texts by the maximum, so a one-cell stripe stays visible", "[model]") {
    const int T = 10;
    const std::vector<float> w = one_hot_rows(T, [](int i) { return i > 0 ? i - 1 : 0; });
    std::vector<std::string> tokens(T, "x");
    const AttentionMaps m = attention_maps(tokens, 1, 1, true, [&](int, int, int i) { return w.data() + i * T; }, 5);
    REQUIRE(m.size == 5);
    // Rows 2, 3 → block 1; their weights sit on keys 1, 2 → blocks 0 and 1.
    CHECK(m.map(0, 0)[1 * 5 + 0] == 1.0);
    CHECK(m.map(0, 0)[1 * 5 + 1] == 1.0);
    CHECK(m.map(0, 0)[1 * 5 + 2] == 0.0);
}

#ifdef ATTNVIZ_SHIPPED_MODEL
// The heads the model card names (assets/models/fortunes-gpt2/README.md), found by the
// model view's own measurement on a random sequence written twice.
TEST_CASE("the shipped model's model view names its previous-token and induction heads", "[model]") {
    const std::string dir = ATTNVIZ_SHIPPED_MODEL;
    const Gpt2Model m = load_gpt2(dir);
    Gpt2Run run(m);
    std::mt19937 rng(5);
    std::vector<int> ids;
    for (int i = 0; i < 32; ++i) ids.push_back(static_cast<int>(rng() % 700) + 1);
    const std::vector<int> twice = [&] { std::vector<int> v = ids; v.insert(v.end(), ids.begin(), ids.end()); return v; }();
    run.append(twice);
    std::vector<std::string> tokens;
    for (int id : twice) tokens.push_back("#" + std::to_string(id));
    const AttentionMaps maps = attention_maps(run, tokens, 64);
    CHECK(describe_head(maps.pattern(0, 1)).rfind("previous-token head", 0) == 0);
    for (int h = 1; h <= 3; ++h) {
        INFO("layer 1 head " << h << ": " << describe_head(maps.pattern(1, h)));
        CHECK(maps.pattern(1, h).induction >= 0.4);
    }
    CHECK(maps.pattern(1, 0).induction < 0.4);
    // The head result carries the same weights the maps were made from.
    const auto r = head_result(m, run, 1, 1, tokens);
    CHECK(r->head[0].weights(40, 9) == Approx(run.weights_row(1, 1, 40)[9]));
    CHECK(std::isinf(r->head[0].logits(3, 4)));
    CHECK(r->mask(3, 4) == 0.0);
    CHECK(r->mask(4, 3) == 1.0);
}
#endif

TEST_CASE("top next tokens: softmax probabilities, most likely first", "[model]") {
    const std::vector<float> logits = {1.0f, 3.0f, 2.0f, 3.0f};
    const std::vector<NextToken> top = top_next_tokens(logits, 3);
    REQUIRE(top.size() == 3);
    const double sum = std::exp(1.0) + 2 * std::exp(3.0) + std::exp(2.0);
    CHECK(top[0].id == 1); // a tie: the lower id first
    CHECK(top[1].id == 3);
    CHECK(top[2].id == 2);
    CHECK(top[0].p == Approx(std::exp(3.0) / sum));
    CHECK(top[2].p == Approx(std::exp(2.0) / sum));
    CHECK(top_next_tokens(logits, 0).empty());
}
