#include "utf8.h"
#include "error.h"
#include <nlohmann/json.hpp>

namespace attn {

namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the sequence a lead byte starts and the smallest code point it may encode
// (anything smaller is an overlong form); 0 for bytes that cannot start a sequence.
struct Lead {
    std::size_t length;
    char32_t initial_bits;
    char32_t minimum;
};

Lead classify_lead(unsigned char byte) {
    if (byte < 0x80) return {1, byte, 0};
    if ((byte & 0xE0) == 0xC0) return {2, char32_t(byte & 0x1F), 0x80};
    if ((byte & 0xF0) == 0xE0) return {3, char32_t(byte & 0x0F), 0x800};
    if ((byte & 0xF8) == 0xF0) return {4, char32_t(byte & 0x07), 0x10000};
    return {0, 0, 0};
}

} // namespace

Utf8Char utf8_char_at(const std::string& s, std::size_t i) {
    const Lead lead = classify_lead(static_cast<unsigned char>(s[i]));
    if (lead.length == 0) return {0, 0, i};
    char32_t value = lead.initial_bits;
    for (std::size_t k = 1; k < lead.length; ++k) {
        if (i + k >= s.size() || !is_continuation(static_cast<unsigned char>(s[i + k]))) return {0, 0, i + k};
        value = (value << 6) | char32_t(static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    const bool overlong = value < lead.minimum;
    const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
    if (overlong || surrogate || value > 0x10FFFF) return {0, 0, i};
    return {value, lead.length, 0};
}

std::vector<CodePoint> decode_utf8(const std::string& s, const std::string& field) {
    std::vector<CodePoint> out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char c = utf8_char_at(s, i);
        if (c.length == 0) throw ScenarioError(field, "invalid UTF-8 at byte " + std::to_string(c.error_at));
        out.push_back({c.value, i, c.length});
        i += c.length;
    }
    return out;
}

int display_width(char32_t c) {
    const bool combining = (c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
                           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x20D0 && c <= 0x20FF);
    if (combining) return 0;
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
                      (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
                      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
                      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
                      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
    return wide ? 2 : 1;
}

int display_width(const std::string& utf8) {
    int width = 0;
    for (const CodePoint& cp : decode_utf8(utf8, "")) width += display_width(cp.value);
    return width;
}

std::string json_quoted(const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string printable_name(const std::string& name) {
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return json_quoted(name);
    for (std::size_t i = 0; i < name.size();) {
        const Utf8Char u = utf8_char_at(name, i);
        if (u.length == 0) return json_quoted(name);
        i += u.length;
    }
    return name;
}

} // namespace attn
