// attnviz UI: the message catalogue (i18n.h).
#include "i18n.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cctype>

namespace attn::ui {

namespace {

#include "i18n_catalogues.inc"

using Catalogue = std::map<std::string, std::string>;

Catalogue parse_catalogue(const char* text) {
    Catalogue c;
    // Built into the binary and tested (test_i18n.cpp): a malformed file fails the build's tests,
    // so a parse error here can only mean no catalogue, and English keys show through.
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.value().is_string()) c[it.key()] = it.value().get<std::string>();
    return c;
}

const Catalogue& catalogue_en() {
    static const Catalogue c = parse_catalogue(kCatalogueEn); // immutable after first use
    return c;
}

const Catalogue& catalogue_zh() {
    static const Catalogue c = parse_catalogue(kCatalogueZh);
    return c;
}

std::string fill(const std::string& message, const MessageArgs& args) {
    std::string out;
    for (size_t pos = 0; pos < message.size();) {
        const size_t open = message.find('{', pos);
        const size_t close = open == std::string::npos ? open : message.find('}', open);
        if (close == std::string::npos) {
            out += message.substr(pos);
            break;
        }
        out += message.substr(pos, open - pos);
        const auto it = args.find(message.substr(open + 1, close - open - 1));
        out += it != args.end() ? it->second : message.substr(open, close - open + 1);
        pos = close + 1;
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

const std::vector<std::string>& i18n_languages() {
    static const std::vector<std::string> languages = {"en", "zh"};
    return languages;
}

const std::map<std::string, std::string>& i18n_catalogue(const std::string& lang) {
    return lang == "zh" ? catalogue_zh() : catalogue_en();
}

std::string tr(const std::string& lang, const std::string& key, const MessageArgs& args) {
    const Catalogue& own = i18n_catalogue(lang);
    auto it = own.find(key);
    if (it == own.end()) {
        it = catalogue_en().find(key);
        if (it == catalogue_en().end()) return key;
    }
    return fill(it->second, args);
}

std::vector<std::string> i18n_placeholders(const std::string& message) {
    std::vector<std::string> names;
    for (size_t open = message.find('{'); open != std::string::npos; open = message.find('{', open + 1)) {
        const size_t close = message.find('}', open);
        if (close == std::string::npos) break;
        names.push_back(message.substr(open + 1, close - open - 1));
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string i18n_match_language(const std::string& code) {
    const std::string c = lower(code);
    for (const std::string& lang : i18n_languages())
        if (c == lang || c.rfind(lang + "-", 0) == 0 || c.rfind(lang + "_", 0) == 0 || c.rfind(lang + ".", 0) == 0)
            return lang;
    return "";
}

std::string i18n_language_from_locale(const char* lc_all, const char* lc_messages, const char* lang) {
    for (const char* v : {lc_all, lc_messages, lang})
        if (v && *v) {
            const std::string match = i18n_match_language(v);
            return match.empty() ? "en" : match; // "C", "POSIX", "de_DE": the first set one decides
        }
    return "en";
}

} // namespace attn::ui
