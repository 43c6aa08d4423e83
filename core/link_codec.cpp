#include "link_codec.h"
#include "error.h"
#include "scenario_json.h"
#include <exception>

namespace attn {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kMarker = "s=";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

// Where the state starts: after "#s=" in a URL, or at "s=" when the text is a bare fragment.
std::size_t state_start(std::string_view link) {
    if (link.substr(0, kMarker.size()) == kMarker) return kMarker.size();
    const std::size_t hash = link.find('#');
    if (hash == std::string_view::npos) return std::string_view::npos;
    std::string_view fragment = link.substr(hash + 1);
    // Other parameters may come first ("#x=1&s=1.…"): look for "s=" at a parameter's start.
    for (std::size_t at = 0; at < fragment.size();) {
        if (fragment.substr(at, kMarker.size()) == kMarker) return hash + 1 + at + kMarker.size();
        const std::size_t amp = fragment.find('&', at);
        if (amp == std::string_view::npos) break;
        at = amp + 1;
    }
    return std::string_view::npos;
}

LinkState failure(std::string message) {
    LinkState s;
    s.error = std::move(message);
    return s;
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[v >> 18 & 63], out += kAlphabet[v >> 12 & 63], out += kAlphabet[v >> 6 & 63], out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[v >> 18 & 63], out += kAlphabet[v >> 12 & 63];
        if (rest == 2) out += kAlphabet[v >> 6 & 63];
    }
    return out;
}

bool base64url_decode(std::string_view text, std::string& out, std::string& error) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    out.clear();
    out.reserve(text.size() * 3 / 4);
    unsigned acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int v = sextet(text[i]);
        if (v < 0) {
            error = "character " + std::to_string(i + 1) + " of the state is not base64url";
            return false;
        }
        acc = (acc << 6 | static_cast<unsigned>(v)) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(acc >> bits & 0xFF);
        }
    }
    if (text.size() % 4 == 1) { // 6 bits cannot end a byte: a character was lost
        error = "the state's length is impossible for base64url (cut short?)";
        return false;
    }
    return true;
}

std::string link_encode(const std::string& state_json, const Deflate& deflate) {
    std::string compressed, error;
    if (!deflate(state_json, compressed, error)) throw std::runtime_error("link: cannot compress the state: " + error);
    return std::string(kMarker) + std::to_string(kLinkVersion) + "." + base64url_encode(compressed);
}

bool is_state_link(std::string_view link) { return state_start(link) != std::string_view::npos; }

LinkState link_decode(std::string_view link, const Inflate& inflate) {
    const std::size_t start = state_start(link);
    if (start == std::string_view::npos)
        return failure("not an attnviz link: expected \"#s=" + std::to_string(kLinkVersion) + ".\" followed by the state");
    std::string_view rest = link.substr(start);
    rest = rest.substr(0, rest.find('&'));
    const std::size_t dot = rest.find('.');
    const std::string_view version = rest.substr(0, dot);
    if (dot == std::string_view::npos || version.empty() || version.size() > 6 ||
        version.find_first_not_of("0123456789") != std::string_view::npos)
        return failure("the link has no version: expected \"s=" + std::to_string(kLinkVersion) + ".\" followed by the state");
    const int v = std::stoi(std::string(version));
    if (v != kLinkVersion)
        return failure("the link is version " + std::to_string(v) + ", and this attnviz reads version " +
                       std::to_string(kLinkVersion) + (v > kLinkVersion ? " (a newer attnviz made it)" : ""));
    std::string compressed, text, error;
    if (!base64url_decode(rest.substr(dot + 1), compressed, error)) return failure("the link is damaged: " + error);
    if (compressed.empty()) return failure("the link is cut short: it holds no state");
    if (!inflate(compressed, kLinkMaxStateBytes, text, error))
        return failure("the link is damaged or cut short: its state does not decompress (" + error + ")");
    return link_state_from_json(text);
}

LinkState link_state_from_json(const std::string& text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return failure("the link's state is not valid JSON");
    if (!j.is_object() || !j.contains("scenario")) return failure("the link's state has no \"scenario\"");
    if (j.contains("view") && !j["view"].is_object()) return failure("the link's \"view\" is not an object");
    LinkState s;
    try {
        s.scenario = scenario_from_json(j["scenario"]);
    } catch (const std::exception& e) {
        return failure(std::string("the link's scenario: ") + e.what());
    }
    s.view = j.contains("view") ? j["view"] : nlohmann::json::object();
    s.ok = true;
    return s;
}

} // namespace attn
