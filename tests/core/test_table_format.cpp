// The textbook-style table output.
#include "core/result.h"
#include "core/table_format.h"
#include "core/utf8.h"
#include "test_helpers.h"
#include <sstream>

using namespace attn;
using attn::test::rows;

TEST_CASE("a matrix prints with labels and fixed decimals right-aligned", "[table]") {
    const std::string t = format_matrix("M", rows({{1, -0.5}, {10, 0.00001}}), {"a", "bb"}, {"x", "y"}, 3);
    CHECK(t == "M\n"
               "         x       y\n"
               "a    1.000  -0.500\n"
               "bb  10.000   0.000\n\n");
}

TEST_CASE("masked logits print as -inf", "[table]") {
    const std::string t = format_matrix("L", rows({{-std::numeric_limits<double>::infinity()}}), {"a"}, {"a"}, 2);
    CHECK(t.find("-inf") != std::string::npos);
}

TEST_CASE("CJK labels are aligned by display width", "[table]") {
    const std::string t = format_matrix("W", rows({{0.5, 0.25}, {1, 0}}), {"自", "ab"}, {"自", "ab"}, 2);
    std::istringstream lines(t);
    std::string line, title;
    std::getline(lines, title);
    std::vector<int> widths;
    while (std::getline(lines, line) && !line.empty()) widths.push_back(display_width(line));
    REQUIRE(widths.size() == 3);
    CHECK(widths[0] == widths[1]);
    CHECK(widths[1] == widths[2]);
}

TEST_CASE("the result table has every section in order", "[table]") {
    Scenario s;
    s.text = "自注意力";
    s.tokenizer = Tokenizer::Chars;
    s.heads = 2;
    const std::string t = format_result_table(*compute(s));
    std::size_t at = 0;
    for (const char* section : {"X (embeddings", "Head 1 Q", "Head 1 K", "Head 1 V", "Head 1 Scores QKᵀ", "Head 1 Logits",
                                "Head 1 Weights (softmax)", "Head 1 Head output", "Head 2 Q", "Concat", "Output"}) {
        INFO(section);
        const std::size_t found = t.find(section, at);
        REQUIRE(found != std::string::npos);
        at = found;
    }
}

TEST_CASE("cross-attention tables: rows are the queries, columns the source's tokens", "[table][source]") {
    // X = [[1, 0]] ("q"), S = [[1, 0], [0, 1]] ("a", "b"), identity, no scaling: scores [1, 0],
    // weights [e/(e + 1), 1/(e + 1)] = [0.7311, 0.2689].
    Scenario s = attn::test::explicit_scenario(rows({{1, 0}}));
    s.tokens = {"q"};
    s.scale = false;
    s.has_source = true;
    s.source.tokens = {"a", "b"};
    s.source.embedding_source = EmbeddingSource::Explicit;
    s.source.embeddings = rows({{1, 0}, {0, 1}});
    const std::string t = format_result_table(*compute(s), 4);
    CHECK(t.find("S (source: keys and values come from it)\n       d0      d1\na  1.0000  0.0000\nb  0.0000  1.0000\n") !=
          std::string::npos);
    CHECK(t.find("Head 1 Weights (softmax)\n        a       b\nq  0.7311  0.2689\n") != std::string::npos);
    CHECK(t.find("Head 1 K\n       d0      d1\na  1.0000  0.0000\n") != std::string::npos);
}
