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

namespace {

// A small GPT-2 with random weights, made here: the incremental updates are checked against
// rebuilds on whatever weights a run has, so no file is needed.
Gpt2Model random_model(int layers, int heads, int embd, int vocab, int positions) {
    std::mt19937 rng(11);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    auto fill = [&](std::vector<float>& v, size_t n, float scale, float offset = 0) {
        v.resize(n);
        for (float& x : v) x = offset + scale * normal(rng);
    };
    Gpt2Model m;
    const size_t e = static_cast<size_t>(embd), inner = 4 * e;
    m.config = {layers, heads, embd, positions, vocab, static_cast<int>(inner), 1e-5f, true};
    m.memory_budget = default_memory_budget();
    fill(m.wte, static_cast<size_t>(vocab) * e, 0.5f);
    fill(m.wpe, static_cast<size_t>(positions) * e, 0.3f);
    fill(m.ln_f_weight, e, 0.2f, 1);
    fill(m.ln_f_bias, e, 0.1f);
    m.blocks.resize(static_cast<size_t>(layers));
    for (Gpt2Block& b : m.blocks) {
        // Large attention weights, so the heads attend sharply and the maps' maxima differ.
        fill(b.ln_1_weight, e, 0.2f, 1);
        fill(b.ln_1_bias, e, 0.1f);
        fill(b.c_attn_weight, e * 3 * e, 2.0f / std::sqrt(static_cast<float>(e)));
        fill(b.c_attn_bias, 3 * e, 0.1f);
        fill(b.attn_proj_weight, e * e, 1.0f / std::sqrt(static_cast<float>(e)));
        fill(b.attn_proj_bias, e, 0.1f);
        fill(b.ln_2_weight, e, 0.2f, 1);
        fill(b.ln_2_bias, e, 0.1f);
        fill(b.c_fc_weight, e * inner, 1.0f / std::sqrt(static_cast<float>(e)));
        fill(b.c_fc_bias, inner, 0.1f);
        fill(b.mlp_proj_weight, inner * e, 1.0f / std::sqrt(static_cast<float>(inner)));
        fill(b.mlp_proj_bias, e, 0.1f);
    }
    return m;
}

// Labels as model mode makes them: a few distinct pieces, so tokens repeat (induction queries).
std::vector<std::string> labels_of(const std::vector<int>& ids) {
    std::vector<std::string> out;
    for (int id : ids) out.push_back("t" + std::to_string(id));
    return out;
}

// NaN equals NaN here: "no such position" on both sides.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void require_same_maps(const AttentionMaps& got, const AttentionMaps& want) {
    REQUIRE(got.size == want.size);
    REQUIRE(got.block == want.block);
    CHECK(got.tokens == want.tokens);
    REQUIRE(got.maps.size() == want.maps.size());
    size_t differ = 0;
    for (size_t i = 0; i < got.maps.size(); ++i) differ += got.maps[i] != want.maps[i];
    CHECK(differ == 0);
    REQUIRE(got.patterns.size() == want.patterns.size());
    for (size_t i = 0; i < got.patterns.size(); ++i) {
        INFO("head " << i);
        CHECK(same(got.patterns[i].previous, want.patterns[i].previous));
        CHECK(same(got.patterns[i].first, want.patterns[i].first));
        CHECK(same(got.patterns[i].induction, want.patterns[i].induction));
        CHECK(got.patterns[i].induction_queries == want.patterns[i].induction_queries);
    }
}

void require_same_result(const attn::Result& got, const attn::Result& want) {
    CHECK(got.tokens == want.tokens);
    CHECK(got.scenario.tokens == want.scenario.tokens);
    CHECK(got.scenario.embeddings == want.scenario.embeddings);
    CHECK(got.x == want.x);
    CHECK(got.embeddings == want.embeddings);
    CHECK(got.positional == want.positional);
    CHECK(got.mask == want.mask);
    CHECK((got.wq == want.wq && got.wk == want.wk && got.wv == want.wv && got.wo == want.wo));
    const attn::HeadResult &g = got.head.at(0), &w = want.head.at(0);
    CHECK(g.q == w.q);
    CHECK(g.k == w.k);
    CHECK(g.v == w.v);
    CHECK(g.scores == w.scores);
    CHECK(g.logits == w.logits);
    CHECK(g.weights == w.weights);
    CHECK(g.entropy == w.entropy);
    CHECK(g.output == w.output);
    CHECK(got.concat == want.concat);
    CHECK(got.output == want.output);
}

} // namespace

TEST_CASE("the model view's maps and the head's Result updated as the text changes equal a rebuild", "[model]") {
    const Gpt2Model model = random_model(2, 3, 24, 40, 160);
    Gpt2Run run(model);
    AttentionMaps maps;
    AttentionMapsCache cache;
    std::shared_ptr<const attn::Result> result;
    std::vector<int> shown; // the ids `result` was built from
    int max_size = 8;
    std::mt19937 rng(3);
    const int layer = 1, head = 2;
    // The text becomes `ids` (the run keeps the common prefix, as model mode does), then both
    // updates are compared with a rebuild from scratch.
    auto edit_to = [&](const std::vector<int>& ids) {
        size_t keep = 0;
        while (keep < ids.size() && keep < run.ids().size() && ids[keep] == run.ids()[keep]) ++keep;
        run.truncate(static_cast<int>(keep));
        run.append(std::vector<int>(ids.begin() + static_cast<std::ptrdiff_t>(keep), ids.end()));
        const std::vector<std::string> tokens = labels_of(ids);
        update_attention_maps(maps, cache, run, tokens, max_size);
        require_same_maps(maps, attention_maps(run, tokens, max_size));
        size_t kept = 0;
        while (kept < shown.size() && kept < ids.size() && shown[kept] == ids[kept]) ++kept;
        result = result ? head_result(model, run, layer, head, tokens, *result, static_cast<int>(kept))
                        : head_result(model, run, layer, head, tokens);
        shown = ids;
        require_same_result(*result, *head_result(model, run, layer, head, tokens));
    };
    auto random_ids = [&](int n) {
        std::vector<int> v;
        for (int i = 0; i < n; ++i) v.push_back(static_cast<int>(rng() % 12)); // few ids: tokens repeat
        return v;
    };

    std::vector<int> ids;
    SECTION("typing one token at a time, through every pooled size") {
        for (int n = 1; n <= 140; ++n) {
            INFO(n << " tokens");
            ids.push_back(static_cast<int>(rng() % 12));
            edit_to(ids);
            CHECK(maps.size <= max_size);
        }
        CHECK(maps.block == 32); // 140 tokens in at most 8 cells: the cells merged five times
    }
    SECTION("edits in the middle, deletes, a larger and a smaller view") {
        ids = random_ids(100);
        edit_to(ids);
        CHECK(maps.block == 16);
        ids.resize(37); // an edit after token 37 (inside a cell of 16)
        const std::vector<int> tail = random_ids(50);
        ids.insert(ids.end(), tail.begin(), tail.end());
        edit_to(ids);
        ids[64] = (ids[64] + 1) % 12; // one token replaced: a cell boundary
        edit_to(ids);
        ids.resize(70); // deleting the end
        edit_to(ids);
        ids.resize(20); // so much deleted that the cells get finer: rebuilt
        edit_to(ids);
        CHECK(maps.block == 4);
        max_size = 3; // the view got smaller: merged
        edit_to(ids);
        CHECK(maps.block == 8);
        max_size = 30; // larger: finer cells, rebuilt
        edit_to(ids);
        CHECK(maps.block == 1);
        ids.clear();
        ids.push_back(5); // one token: patterns undefined, a 1×1 map
        edit_to(ids);
        CHECK(std::isnan(maps.pattern(0, 0).previous));
    }
    SECTION("a label that changes with the same ids, and another head's Result") {
        ids = random_ids(30);
        edit_to(ids);
        std::vector<std::string> tokens = labels_of(ids);
        tokens[10] = "t" + std::to_string(ids[3]); // the same piece as token 3: an induction query more
        update_attention_maps(maps, cache, run, tokens, max_size);
        require_same_maps(maps, attention_maps(run, tokens, max_size));
        // A Result of head 0 offered as `previous` is not this head's: built from scratch.
        const auto other = head_result(model, run, 0, 0, tokens);
        require_same_result(*head_result(model, run, layer, head, tokens, *other, 30), *head_result(model, run, layer, head, tokens));
    }
}

TEST_CASE("pooled sizes: powers of two that fit, so cells nest as the text grows", "[model]") {
    CHECK(pooled_block(96, 96) == 1);
    CHECK(pooled_size(96, 96) == 96);
    CHECK(pooled_block(97, 96) == 2);
    CHECK(pooled_size(97, 96) == 49);
    CHECK(pooled_block(1000, 96) == 16);
    CHECK(pooled_size(1000, 96) == 63);
    CHECK(pooled_size(0, 96) == 0);
    CHECK(pooled_size(5, 0) == 1); // no room: one cell, never a division by zero
}
