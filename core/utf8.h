// attnviz core: decoding UTF-8 strictly (RFC 3629): no overlongs, no surrogates,
// nothing above U+10FFFF, no truncated sequences.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace attn {

struct CodePoint {
    char32_t value;
    std::size_t offset; // first byte in the string
    std::size_t length; // 1–4 bytes
};

struct Utf8Char {
    char32_t value;
    std::size_t length;   // 1–4 bytes; 0 when s[i] does not start a valid sequence
    std::size_t error_at; // then: the first byte that is wrong
};
Utf8Char utf8_char_at(const std::string& s, std::size_t i); // i < s.size()

// Throws ScenarioError(field, "invalid UTF-8 at byte N") at the first malformed byte.
std::vector<CodePoint> decode_utf8(const std::string& s, const std::string& field);

// Columns a terminal gives the code point: 2 for East Asian wide/fullwidth, 0 for
// combining marks, 1 otherwise. Approximates Unicode's East_Asian_Width property.
int display_width(char32_t c);
int display_width(const std::string& utf8); // total; the string must be valid UTF-8

// A name from a user's file (a JSON key, a merges.txt line) as a message may show it: as
// it is when printable, else JSON-quoted with control bytes escaped and invalid UTF-8 as
// U+FFFD, so a key "\u0000x" cannot cut what() short and every byte is visible.
std::string printable_name(const std::string& name);
std::string json_quoted(const std::string& text); // always quoted, escaped the same way

} // namespace attn
