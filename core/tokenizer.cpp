#include "tokenizer.h"
#include "error.h"
#include "utf8.h"

namespace attn {

namespace {

bool is_ascii_space(char32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_ascii_punctuation(char32_t c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}
// Unicode whitespace outside ASCII (no-break space, ideographic space, …) also separates,
// so "自注意力　机制" with a full-width space does not yield a token made of a space.
bool is_unicode_space(char32_t c) {
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
bool is_space(char32_t c) { return is_ascii_space(c) || is_unicode_space(c); }
// Chinese and Japanese are written without spaces between words: every ideograph, kana
// and CJK or full-width punctuation mark is a token of its own, as learners expect
// ("自注意力，机制" → 自 注 意 力 ， 机 制). Hangul is left to spaces, as Korean uses them.
bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x2FDF) ||   // CJK radicals, Kangxi radicals
           (c >= 0x3001 && c <= 0x30FF) ||   // CJK symbols and punctuation, hiragana, katakana
           (c >= 0x3100 && c <= 0x31FF) ||   // bopomofo, katakana extensions
           (c >= 0x3400 && c <= 0x4DBF) ||   // CJK extension A
           (c >= 0x4E00 && c <= 0x9FFF) ||   // CJK unified ideographs
           (c >= 0xF900 && c <= 0xFAFF) ||   // CJK compatibility ideographs
           (c >= 0xFF01 && c <= 0xFF65) ||   // full-width punctuation and forms, half-width CJK punctuation
           (c >= 0x20000 && c <= 0x3FFFF);   // CJK extensions B…H
}

} // namespace

void check_utf8(const std::string& s, const std::string& field) { decode_utf8(s, field); }

std::vector<std::string> tokenize_words(const std::string& utf8) {
    std::vector<std::string> tokens;
    std::string word;
    auto finish_word = [&] {
        if (!word.empty()) tokens.push_back(std::move(word));
        word.clear();
    };
    for (const CodePoint& cp : decode_utf8(utf8, "text")) {
        if (is_space(cp.value)) {
            finish_word();
        } else if (is_ascii_punctuation(cp.value)) {
            finish_word();
            tokens.emplace_back(1, static_cast<char>(cp.value));
        } else if (is_cjk(cp.value)) {
            finish_word();
            tokens.push_back(utf8.substr(cp.offset, cp.length));
        } else {
            word.append(utf8, cp.offset, cp.length);
        }
    }
    finish_word();
    return tokens;
}

std::vector<std::string> tokenize_chars(const std::string& utf8) {
    std::vector<std::string> tokens;
    for (const CodePoint& cp : decode_utf8(utf8, "text"))
        if (!is_space(cp.value)) tokens.push_back(utf8.substr(cp.offset, cp.length));
    return tokens;
}

std::vector<std::string> tokenize(const std::string& utf8, Tokenizer t) {
    return t == Tokenizer::Chars ? tokenize_chars(utf8) : tokenize_words(utf8);
}

std::vector<std::string> scenario_tokens(const Scenario& s) {
    return s.text.empty() ? s.tokens : tokenize(s.text, s.tokenizer);
}

std::vector<std::string> source_tokens(const Source& s) {
    return s.text.empty() ? s.tokens : tokenize(s.text, s.tokenizer);
}

} // namespace attn
