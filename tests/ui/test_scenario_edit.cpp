// Editing tokens must keep what the user had: each surviving token keeps its embedding row.
#include "scenario_edit.h"
#include "core/embeddings.h"
#include "core/scenario_json.h"
#include <catch2/catch.hpp>

using namespace attn::ui;

namespace {
attn::Scenario explicit_abc() {
    return attn::scenario_from_string(R"({"tokens": ["a", "b", "c"], "embeddings": [[1,2],[3,4],[5,6]], "mask": [[1,0,0],[1,1,0],[1,1,1]]})");
}
} // namespace

TEST_CASE("reordering tokens moves their embedding rows and mask entries with them", "[edit]") {
    attn::Scenario s = explicit_abc();
    move_token(s, 2, 0); // c a b
    REQUIRE(s.tokens == std::vector<std::string>{"c", "a", "b"});
    CHECK(s.embeddings(0, 0) == 5);
    CHECK(s.embeddings(1, 0) == 1);
    CHECK(s.embeddings(2, 1) == 4);
    // c could see a and b before (row 3 all ones); a could see only itself.
    CHECK(s.mask_matrix(0, 1) == 1);
    CHECK(s.mask_matrix(1, 0) == 0);
    CHECK(s.mask_matrix(1, 1) == 1);
}

TEST_CASE("retyping the sentence keeps rows of tokens that survive and seeds new ones", "[edit]") {
    attn::Scenario s = explicit_abc();
    retokenize(s, "b x a", attn::Tokenizer::Words);
    REQUIRE(s.embeddings.rows() == 3);
    CHECK(s.embeddings(0, 0) == 3); // b
    CHECK(s.embeddings(2, 1) == 2); // a
    CHECK(s.embeddings.row(1).isApprox(attn::seeded_embedding("x", 2, s.embedding_seed)));
    CHECK(s.text == "b x a");
    CHECK_NOTHROW(attn::compute(s));
}

TEST_CASE("deleting and inserting tokens keeps the scenario computable", "[edit]") {
    attn::Scenario s = explicit_abc();
    delete_token(s, 1);
    REQUIRE(s.tokens == std::vector<std::string>{"a", "c"});
    CHECK(s.embeddings(1, 1) == 6);
    insert_token(s, 1, "new");
    CHECK(s.tokens.size() == 3);
    CHECK(s.mask_matrix.rows() == 3);
    CHECK_NOTHROW(attn::compute(s));
}

TEST_CASE("changing d_model resizes explicit matrices and keeps heads dividing it", "[edit]") {
    attn::Scenario s = explicit_abc();
    s.heads = 2;
    set_model_dim(s, 3);
    CHECK(s.embeddings.cols() == 3);
    CHECK(s.embeddings(2, 1) == 6);
    CHECK(s.embeddings(2, 2) == 0);
    CHECK(s.heads == 1); // 2 does not divide 3
    CHECK(head_counts_for(12) == std::vector<int>{1, 2, 3, 4, 6, 12});
    CHECK_NOTHROW(attn::compute(s));
}

TEST_CASE("editing a seeded embedding turns it explicit without changing the other cells", "[edit]") {
    attn::Scenario s = attn::scenario_from_string(R"({"tokens": ["p", "q"], "embedding": {"dim": 3, "seed": 4}})");
    const auto before = attn::compute(s);
    set_embedding_cell(s, before->embeddings, 1, 2, 0.5);
    const auto after = attn::compute(s);
    CHECK(after->embeddings(1, 2) == 0.5);
    CHECK(after->embeddings(0, 0) == before->embeddings(0, 0));
}

TEST_CASE("toggling a mask cell starts from the causal pattern", "[edit]") {
    attn::Scenario s = attn::scenario_from_string(R"({"tokens": ["p", "q", "r"], "mask": "causal"})");
    toggle_mask_cell(s, 0, 2);
    REQUIRE(s.mask == attn::MaskKind::Explicit);
    CHECK(s.mask_matrix(0, 2) == 1); // unmasked now
    CHECK(s.mask_matrix(0, 1) == 0); // still causal
    CHECK(s.mask_matrix(2, 0) == 1);
}
