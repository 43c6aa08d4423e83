// Words and chars tokenizers.
#include "core/error.h"
#include "core/tokenizer.h"
#include <catch2/catch.hpp>

using namespace attn;
using Tokens = std::vector<std::string>;

TEST_CASE("words: runs of letters and digits with punctuation as its own token", "[tokenizer]") {
    CHECK(tokenize_words("The cat sat.") == Tokens{"The", "cat", "sat", "."});
    CHECK(tokenize_words("  don't  stop\n\tnow!!") == Tokens{"don", "'", "t", "stop", "now", "!", "!"});
    CHECK(tokenize_words("x2=y+3") == Tokens{"x2", "=", "y", "+", "3"});
    CHECK(tokenize_words("") == Tokens{});
    CHECK(tokenize_words(" \t\n") == Tokens{});
}

TEST_CASE("words: non-ASCII code points are word characters", "[tokenizer]") {
    CHECK(tokenize_words("café naïve") == Tokens{"café", "naïve"});
    CHECK(tokenize_words("Ελληνικά и русский") == Tokens{"Ελληνικά", "и", "русский"});
    CHECK(tokenize_words("한국어 문장") == Tokens{"한국어", "문장"}); // Korean separates its words with spaces
}

TEST_CASE("words: every CJK character and CJK punctuation mark is a token of its own", "[tokenizer]") {
    CHECK(tokenize_words("自注意力机制") == Tokens{"自", "注", "意", "力", "机", "制"});
    CHECK(tokenize_words("自注意力，机制。") == Tokens{"自", "注", "意", "力", "，", "机", "制", "。"});
    CHECK(tokenize_words("自注意力\u3000机制") == Tokens{"自", "注", "意", "力", "机", "制"}); // the ideographic space is dropped
    CHECK(tokenize_words("attention是注意力") == Tokens{"attention", "是", "注", "意", "力"});
    CHECK(tokenize_words("ひらがなカタカナ") == Tokens{"ひ", "ら", "が", "な", "カ", "タ", "カ", "ナ"});
    CHECK(tokenize_words("𠀀x") == Tokens{"𠀀", "x"}); // extension B, outside the basic plane
}

TEST_CASE("chars: one token per code point with whitespace dropped", "[tokenizer]") {
    const Tokens t = tokenize_chars("自注意力机制");
    CHECK(t.size() == 6);
    CHECK(t == Tokens{"自", "注", "意", "力", "机", "制"});
    CHECK(tokenize_chars("a b\u00e9!") == Tokens{"a", "b", "é", "!"});
    CHECK(tokenize_chars("😀 x") == Tokens{"😀", "x"});
}

TEST_CASE("tokenize dispatches and scenario_tokens prefers text", "[tokenizer]") {
    CHECK(tokenize("ab c", Tokenizer::Chars) == Tokens{"a", "b", "c"});
    CHECK(tokenize("ab c", Tokenizer::Words) == Tokens{"ab", "c"});
    Scenario s;
    s.tokens = {"x"};
    CHECK(scenario_tokens(s) == Tokens{"x"});
    s.text = "hello world";
    CHECK(scenario_tokens(s) == Tokens{"hello", "world"});
}

TEST_CASE("invalid UTF-8 is refused with the byte position", "[tokenizer]") {
    CHECK_THROWS_WITH(tokenize_words("ok \xC0\x80"), "text: invalid UTF-8 at byte 3");
    CHECK_THROWS_WITH(tokenize_chars("\xED\xBF\xBF"), "text: invalid UTF-8 at byte 0");
    CHECK_THROWS_AS(check_utf8("\xF5\x80\x80\x80", "tokens[0]"), ScenarioError);
    CHECK_THROWS_WITH(check_utf8("a\xF0\x9F", "tokens[2]"), "tokens[2]: invalid UTF-8 at byte 3");
    CHECK_NOTHROW(check_utf8("自注意力", "text"));
}
