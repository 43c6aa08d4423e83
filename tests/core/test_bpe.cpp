// Byte-level BPE on small vocabularies worked by hand, and every malformed file.
#include "core/model/bpe.h"
#include "core/model/model_error.h"
#include "model_fixtures.h"
#include "test_helpers.h"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

using namespace attn::model;

namespace {

using attn::test::vocab_with;

template <class Action> std::string message_of(Action&& action) {
    return attn::test::error_message<ModelError>(std::forward<Action>(action));
}

std::string parse_message(const std::string& vocab, const std::string& merges) {
    return message_of([&] { parse_bpe(vocab, merges); });
}

} // namespace

TEST_CASE("byte_to_unicode: GPT-2's table", "[bpe]") {
    CHECK(byte_to_unicode('a') == U'a');
    CHECK(byte_to_unicode('!') == U'!');
    CHECK(byte_to_unicode(0x00) == 0x100);
    CHECK(byte_to_unicode(' ') == U'Ġ');  // U+0120: the 33rd non-printable byte
    CHECK(byte_to_unicode('\n') == U'Ċ'); // U+010A
    CHECK(byte_to_unicode(0x7F) == U'ġ'); // U+0121: DEL follows the 33 below '!'
    CHECK(byte_to_unicode(0xA0) == U'ł'); // U+0142
    CHECK(byte_to_unicode(0xAD) == U'Ń'); // U+0143: the soft hyphen, the last one moved
    CHECK(byte_to_unicode(0xE9) == U'é');
}

TEST_CASE("bpe: merges apply lowest rank first, all occurrences", "[bpe]") {
    const Bpe bpe = parse_bpe(vocab_with({"he", "ll", "hell", "hello", "Ġw"}),
                              "#version: 0.2\nh e\nl l\nhe ll\nhell o\nĠ w\n");
    CHECK(bpe_encode(bpe, "hello") == std::vector<int>{259});
    CHECK(bpe_encode(bpe, "hellohello") == std::vector<int>{259, 259});
    CHECK(bpe_encode(bpe, " wow") == std::vector<int>{260, 'o', 'w'});
    CHECK(bpe_encode(bpe, "hell") == std::vector<int>{258});
    CHECK(bpe_encode(bpe, "help") == std::vector<int>{256, 'l', 'p'});
    // Merges never cross pre-tokens: "o w" would, but " w" is its own piece.
    CHECK(bpe_encode(bpe, "hello world") == std::vector<int>{259, 260, 'o', 'r', 'l', 'd'});
    CHECK(bpe_vocab_size(bpe) == 261);
}

TEST_CASE("bpe: the rank decides between overlapping pairs", "[bpe]") {
    const std::string vocab = vocab_with({"ab", "bc"});
    CHECK(bpe_encode(parse_bpe(vocab, "a b\nb c\n"), "abc") == std::vector<int>{256, 'c'});
    CHECK(bpe_encode(parse_bpe(vocab, "b c\na b\n"), "abc") == std::vector<int>{'a', 257});
    // Equal pairs overlapping: left to right.
    CHECK(bpe_encode(parse_bpe(vocab_with({"aa"}), "a a\n"), "aaa") == std::vector<int>{256, 'a'});
}

TEST_CASE("bpe: pairs a merge creates wait until every occurrence of that merge is done", "[bpe]") {
    // encoder.py merges every "a a" in "aaaa" (→ aa aa) before it looks for the next pair,
    // so "aa a" (ranked first) never gets a chance, though merging the first "a a" made one.
    const Bpe bpe = parse_bpe(vocab_with({"aa", "aaa"}), "aa a\na a\n");
    CHECK(bpe_encode(bpe, "aaaa") == std::vector<int>{256, 256});
    CHECK(bpe_encode(bpe, "aaa") == std::vector<int>{257}); // aa a, then "aa a"
}

TEST_CASE("bpe: decode gives the bytes back, invalid UTF-8 too", "[bpe]") {
    const Bpe bpe = parse_bpe(vocab_with({"he", "ll"}), "h e\nl l\n");
    for (const std::string text : {"hello there", "", "  \n\t x", "\xFF\xE4\xB8 ab\xC0", "自注意力 😀"})
        CHECK(bpe_decode(bpe, bpe_encode(bpe, text)) == text);
    CHECK(bpe_decode(bpe, {256, 257, 'o'}) == "hello");
    CHECK(message_of([&] { bpe_decode(bpe, {258}); }) == "vocab.json: no token has id 258 (ids are 0…257)");
    CHECK(message_of([&] { bpe_decode(bpe, {-1}); }) == "vocab.json: no token has id -1 (ids are 0…257)");
}

TEST_CASE("bpe: display tokens", "[bpe]") {
    const Bpe bpe = parse_bpe(vocab_with({"Ġt", "Ġth", "Ġthe", "ĊĊ", "Ã©", "æĦ", "<|endoftext|>"}),
                              "Ġ t\nĠt h\nĠth e\nĊ Ċ\nÃ ©\næ Ħ\n");
    CHECK(bpe_display_token(bpe, 258) == "·the");
    CHECK(bpe_display_token(bpe, 259) == "↵↵");
    CHECK(bpe_display_token(bpe, '\t') == "⇥"); // ids 0…255 are the bytes
    CHECK(bpe_display_token(bpe, 260) == "é");                          // C3 A9 is whole
    CHECK(bpe_display_token(bpe, 261) == "<0xE6><0x84>");               // 2 of 意's 3 bytes
    CHECK(bpe_display_token(bpe, 0xE6) == "<0xE6>");
    CHECK(bpe_display_token(bpe, 0x0D) == "<0x0D>");
    CHECK(bpe_display_token(bpe, 262) == "<|endoftext|>"); // printable ASCII: itself
    CHECK(bpe_encode(bpe, " the\n\n") == std::vector<int>{258, 259});
}

TEST_CASE("bpe: a malformed vocab.json is refused naming the key", "[bpe]") {
    const std::string merges = "h e\n";
    CHECK(parse_message("", merges) == "vocab.json: is empty: expected a JSON object mapping each token to its id");
    CHECK(parse_message("{}", merges) == "vocab.json: has no tokens");
    CHECK(parse_message("[1, 2]", merges) ==
          "vocab.json: expected one JSON object mapping each token to its id, got an array");
    CHECK(parse_message("{\"a\": 0,", merges).rfind("vocab.json: not valid JSON (at byte 9): ", 0) == 0);
    CHECK(parse_message("{\"a\": 1.5}", merges) == "vocab.json: key \"a\": the id must be a whole number, got 1.5");
    CHECK(parse_message("{\"a\": \"1\"}", merges) ==
          "vocab.json: key \"a\": the id must be a whole number, got the string \"1\"");
    CHECK(parse_message("{\"a\": -3}", merges) == "vocab.json: key \"a\": id -3 is out of range");
    CHECK(parse_message("{\"a\": 0, \"a\": 1}", merges) == "vocab.json: key \"a\" appears twice");
    CHECK(parse_message("{\"a\": 0, \"b\": 0}", merges) == "vocab.json: keys \"a\" and \"b\" both have id 0");
    CHECK(parse_message("{\"a\": 0, \"b\": 5}", merges) ==
          "vocab.json: key \"b\": id 5 is out of range: 2 tokens have ids 0…1");
    CHECK(parse_message("{\"a\": 0, \"b\": 1}", merges) ==
          "vocab.json: no token for byte 0x00 (key \"Ā\"): a byte-level vocabulary has one for each of the 256 bytes");
}

TEST_CASE("bpe: a malformed merges.txt is refused naming the line", "[bpe]") {
    const std::string vocab = vocab_with({"he", "ll"});
    CHECK(parse_message(vocab, "") == "merges.txt: is empty: expected '#version: 0.2' and one merge per line");
    CHECK(parse_message(vocab, "#version: 0.2\n") == "merges.txt: has no merges");
    CHECK(parse_message(vocab, "#version: 0.2\nh e\nl l x\n") ==
          "merges.txt: line 3: expected two tokens separated by one space, got \"l l x\"");
    CHECK(parse_message(vocab, "h e\nhe\n") == "merges.txt: line 2: expected two tokens separated by one space, got \"he\"");
    CHECK(parse_message(vocab, "h e\n\nl l\n") == "merges.txt: line 2: expected two tokens separated by one space, got \"\"");
    CHECK(parse_message(vocab, "h  e\n") == "merges.txt: line 1: expected two tokens separated by one space, got \"h  e\"");
    CHECK(parse_message(vocab, "h e\nzz l\n") == "merges.txt: line 2: \"zz\" is not in vocab.json");
    CHECK(parse_message(vocab, "h e\ne l\n") == "merges.txt: line 2: \"el\" is not in vocab.json"); // the result
    CHECK(parse_message(vocab, "h e\nl l\nh e\n") == "merges.txt: line 3: the merge \"h e\" repeats line 1");
    // Tolerated: no #version line, Windows line ends, no newline at the end.
    CHECK(bpe_encode(parse_bpe(vocab, "h e\r\nl l"), "hell") == std::vector<int>{256, 257});
    CHECK(message_of([] { parse_bpe("{}", "", "gpt2/vocab.json"); }) == "gpt2/vocab.json: has no tokens");
}

TEST_CASE("bpe: load_bpe names a file it cannot open", "[bpe]") {
    CHECK(message_of([] { load_bpe("/nonexistent/vocab.json", "/nonexistent/merges.txt"); }) ==
          "/nonexistent/vocab.json: cannot open the file");
}

TEST_CASE("vocab.json and merges.txt: kMaxTokenizerFileBytes loads and one byte more is refused", "[bpe][limits]") {
    const std::string vocab = vocab_with({"ab"});
    const std::string merges = "#version: 0.2\na b\n";
    const std::string padded_vocab = vocab + std::string(kMaxTokenizerFileBytes - vocab.size(), ' ');
    // Padded inside the header line, which the reader skips (blank lines are errors).
    const std::string padded_merges = "#version: 0.2" + std::string(kMaxTokenizerFileBytes - merges.size(), ' ') + "\na b\n";
    CHECK(bpe_vocab_size(parse_bpe(padded_vocab, padded_merges)) == 257);
    CHECK(parse_message(padded_vocab + " ", merges) == "vocab.json: 33554433 bytes, over the limit of 33554432 (kMaxTokenizerFileBytes)");
    CHECK(parse_message(vocab, padded_merges + "a b\n") == "merges.txt: 33554436 bytes, over the limit of 33554432 (kMaxTokenizerFileBytes)");
}

TEST_CASE("a merges.txt line that is not UTF-8 is named with U+FFFD and not thrown as a JSON error", "[bpe]") {
    CHECK(parse_message(vocab_with({}), "#version: 0.2\n\xC8\xFF\n") ==
          "merges.txt: line 2: expected two tokens separated by one space, got \"\xEF\xBF\xBD\xEF\xBF\xBD\"");
}
