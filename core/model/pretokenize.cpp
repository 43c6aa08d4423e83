#include "core/model/pretokenize.h"
#include "core/model/unicode_classes.h"
#include "core/utf8.h"
#include <cstdint>

namespace attn::model {

namespace {

enum class CharClass : std::uint8_t { letter, number, space, other };

struct Unit { // one code point, or one byte that is not valid UTF-8
    char32_t code;
    std::uint32_t offset;
    std::uint8_t length;
    CharClass cls;
};

constexpr char32_t kNotUtf8 = 0xFFFFFFFF;

CharClass classify(char32_t c) {
    if (c < 0x80) { // most text: no table search
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::letter;
        if (c >= '0' && c <= '9') return CharClass::number;
        if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return CharClass::space;
        return CharClass::other;
    }
    if (c == kNotUtf8) return CharClass::other;
    if (is_letter(c)) return CharClass::letter;
    if (is_number(c)) return CharClass::number;
    if (is_white_space(c)) return CharClass::space;
    return CharClass::other;
}

std::vector<Unit> units_of(const std::string& text) {
    std::vector<Unit> units;
    units.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const Utf8Char c = utf8_char_at(text, i);
        const char32_t code = c.length ? c.value : kNotUtf8;
        const auto length = static_cast<std::uint8_t>(c.length ? c.length : 1); // else the byte alone
        units.push_back({code, static_cast<std::uint32_t>(i), length, classify(code)});
        i += length;
    }
    return units;
}

// Length in units of a contraction ('s 't 're 've 'm 'll 'd, lower case only as in
// GPT-2's pattern) starting at u[i], or 0.
std::size_t contraction_at(const std::vector<Unit>& u, std::size_t i) {
    if (u[i].code != '\'' || i + 1 == u.size()) return 0;
    const char32_t a = u[i + 1].code;
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
    if (i + 2 == u.size()) return 0;
    const char32_t b = u[i + 2].code;
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
    return 0;
}

std::size_t run_end(const std::vector<Unit>& u, std::size_t i, CharClass cls) {
    while (i < u.size() && u[i].cls == cls) ++i;
    return i;
}

// Where the piece starting at u[i] ends, trying the pattern's alternatives in order.
std::size_t piece_end(const std::vector<Unit>& u, std::size_t i) {
    if (const std::size_t n = contraction_at(u, i)) return i + n;
    // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: the classes are disjoint, so whichever
    // matches takes the run of the first non-space character's class.
    const std::size_t first = (u[i].code == ' ' && i + 1 < u.size() && u[i + 1].cls != CharClass::space) ? i + 1 : i;
    if (u[first].cls != CharClass::space) return run_end(u, first + 1, u[first].cls);
    // `\s+(?!\S)`: a whitespace run, less its last character when something follows, so that
    // character can start the next word (" the"). `\s+`: a single whitespace character.
    const std::size_t end = run_end(u, i + 1, CharClass::space);
    if (end < u.size() && end - i >= 2) return end - 1;
    return end;
}

} // namespace

std::vector<Piece> pretokenize(const std::string& text) {
    const std::vector<Unit> u = units_of(text);
    std::vector<Piece> pieces;
    for (std::size_t i = 0; i < u.size();) {
        const std::size_t end = piece_end(u, i);
        const std::size_t last_byte = end < u.size() ? u[end].offset : text.size();
        pieces.push_back({u[i].offset, last_byte - u[i].offset});
        i = end;
    }
    return pieces;
}

} // namespace attn::model
