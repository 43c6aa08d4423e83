// attnviz core: turning text into tokens.
#pragma once
#include "scenario.h"
#include <string>
#include <vector>

namespace attn {

// Words: runs of letters/digits (any non-ASCII code point counts as a letter) form a word;
// each ASCII punctuation mark is a token of its own; whitespace separates. Each CJK
// ideograph, kana and CJK/full-width punctuation mark is a token of its own (no spaces
// separate Chinese or Japanese words).
std::vector<std::string> tokenize_words(const std::string& utf8);
// Chars: one token per Unicode code point, whitespace dropped ("自注意力机制" → 6 tokens).
std::vector<std::string> tokenize_chars(const std::string& utf8);
std::vector<std::string> tokenize(const std::string& utf8, Tokenizer t);
// The scenario's tokens: tokenize(text) when text is non-empty, else `tokens`.
std::vector<std::string> scenario_tokens(const Scenario& s);

// Throws ScenarioError(field, "invalid UTF-8 at byte N") for malformed input.
void check_utf8(const std::string& s, const std::string& field);

} // namespace attn
