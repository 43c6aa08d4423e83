// GPT-2's pre-tokenising pattern, worked by hand from
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
#include "core/model/pretokenize.h"
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using attn::model::pretokenize;

namespace {
std::vector<std::string> pieces(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& p : pretokenize(text)) out.push_back(text.substr(p.offset, p.length));
    return out;
}
using S = std::vector<std::string>;
} // namespace

TEST_CASE("pretokenize: words keep one leading space", "[bpe]") {
    CHECK(pieces("Hello world") == S{"Hello", " world"});
    CHECK(pieces(" the cat") == S{" the", " cat"});
    CHECK(pieces("").empty());
}

TEST_CASE("pretokenize: lower-case contractions split off, upper-case ones do not", "[bpe]") {
    CHECK(pieces("it's") == S{"it", "'s"});
    CHECK(pieces("we're they'll I'd you've I'm don't") ==
          S{"we", "'re", " they", "'ll", " I", "'d", " you", "'ve", " I", "'m", " don", "'t"});
    // 'S is not in the pattern: the apostrophe is punctuation, S starts a word.
    CHECK(pieces("IT'S") == S{"IT", "'", "S"});
    // Punctuation runs take an apostrophe with them: [^\s\p{L}\p{N}]+ is greedy.
    CHECK(pieces("!'s") == S{"!'", "s"});
    CHECK(pieces(" 's") == S{" '", "s"});
}

TEST_CASE("pretokenize: whitespace runs leave their last space to the next word", "[bpe]") {
    CHECK(pieces("a  b") == S{"a", " ", " b"});
    CHECK(pieces("a   \n\tb") == S{"a", "   \n", "\t", "b"}); // \s+(?!\S), then \s
    CHECK(pieces("a\n\nb") == S{"a", "\n", "\n", "b"});
    CHECK(pieces("end  ") == S{"end", "  "});                 // at the end, the whole run
    CHECK(pieces("a \n") == S{"a", " \n"});
}

TEST_CASE("pretokenize: numbers and punctuation are their own runs", "[bpe]") {
    CHECK(pieces("x 123 4.5") == S{"x", " 123", " 4", ".", "5"});
    CHECK(pieces("$100!!") == S{"$", "100", "!!"});
    CHECK(pieces("hi !?") == S{"hi", " !?"});
    CHECK(pieces("a2b") == S{"a", "2", "b"});
}

TEST_CASE("pretokenize: Unicode letters, numbers and spaces by their classes", "[bpe]") {
    CHECK(pieces("自注意力 机制") == S{"自注意力", " 机制"});             // Lo
    CHECK(pieces("x \xC2\xBD") == S{"x", " \xC2\xBD"});                     // ½ is No
    CHECK(pieces("cafe\xCC\x81 ok") == S{"cafe", "\xCC\x81", " ok"});       // U+0301 is Mn: not a letter
    CHECK(pieces("a\xC2\xA0" "b") == S{"a", "\xC2\xA0", "b"});              // U+00A0 is \s, not ' '
    CHECK(pieces("a\xC2\x85" "b") == S{"a", "\xC2\x85", "b"});              // U+0085 is White_Space
}

TEST_CASE("pretokenize: bytes that are not UTF-8 count as punctuation", "[bpe]") {
    CHECK(pieces("ab\xFF" "cd") == S{"ab", "\xFF", "cd"});
    CHECK(pieces("a \xFF") == S{"a", " \xFF"});
    CHECK(pieces("\xE4\xB8" "a") == S{"\xE4\xB8", "a"}); // a truncated 自: two lone bytes
    CHECK(pieces("x\xC0\xAF") == S{"x", "\xC0\xAF"});    // overlong '/'
}
