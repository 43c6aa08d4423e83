// attnviz UI: line breaking for the lesson panel (text_wrap.h).
#include "text_wrap.h"
#include <algorithm>

namespace attn::ui {

namespace {

struct Char {
    char32_t cp;
    size_t begin, end; // byte range in the text
};

std::vector<Char> decode(const std::string& s) {
    std::vector<Char> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back({cp, i, std::min(i + n, s.size())});
        i += n;
    }
    return out;
}

// Ideographs, kana, hangul, CJK punctuation and full-width forms: a line may break next to them.
bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

bool is_closing(char32_t c) {
    switch (c) {
    case U'，': case U'。': case U'、': case U'；': case U'：': case U'？': case U'！': case U'）': case U'」':
    case U'』': case U'】': case U'》': case U'〉': case U'”': case U'’': case U'…': case U'·': case U')':
    case U',': case U'.': case U';': case U':': case U'?': case U'!': case U']':
        return true;
    default:
        return false;
    }
}

bool is_opening(char32_t c) {
    switch (c) {
    case U'（': case U'「': case U'『': case U'【': case U'《': case U'〈': case U'“': case U'‘': case U'(': case U'[':
        return true;
    default:
        return false;
    }
}

struct Piece {
    std::string text;
    bool space_before; // a space separates it from the piece before (dropped at a line start)
};

std::vector<Piece> pieces(const std::string& text) {
    std::vector<Piece> out;
    const std::vector<Char> chars = decode(text);
    size_t start = 0;
    bool space = false;
    auto cut = [&](size_t end_byte) {
        if (end_byte > start) out.push_back({text.substr(start, end_byte - start), space});
        space = false;
    };
    for (size_t i = 0; i < chars.size(); ++i) {
        const Char& c = chars[i];
        if (c.cp == U' ') {
            cut(c.begin);
            space = !out.empty();
            start = c.end;
            continue;
        }
        if (i + 1 < chars.size() && chars[i + 1].cp != U' ') {
            const char32_t a = c.cp, b = chars[i + 1].cp;
            if ((is_cjk(a) || is_cjk(b)) && !is_closing(b) && !is_opening(a)) {
                cut(c.end);
                start = c.end;
            }
        }
    }
    cut(text.size());
    return out;
}

} // namespace

std::vector<std::string> wrap_text(const std::string& text, float width,
                                   const std::function<float(const std::string&)>& measure) {
    std::vector<std::string> lines;
    std::string line;
    for (const Piece& p : pieces(text)) {
        if (line.empty()) {
            line = p.text;
            continue;
        }
        // The whole candidate line is measured, not its pieces summed: ImGui rounds each
        // measurement up, and float sums of glyph advances can land just above a whole pixel.
        std::string longer = line + (p.space_before ? " " : "") + p.text;
        if (measure(longer) > width) {
            lines.push_back(line);
            line = p.text;
        } else {
            line = std::move(longer);
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

} // namespace attn::ui
