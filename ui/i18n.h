// attnviz UI: the message catalogue — what the interface says, in English and Simplified
// Chinese. One catalogue per language (assets/i18n/<lang>.json, embedded at build time),
// looked up by key; messages with numbers or names use named placeholders ("{n}") so each
// language can put them where its word order wants them. A key missing from a language
// falls back to English. Pure C++ (no ImGui), so the catalogues are unit-tested.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace attn::ui {

using MessageArgs = std::map<std::string, std::string>;

// "en", "zh": the languages with a catalogue, English first.
const std::vector<std::string>& i18n_languages();
// The message for `key` in `lang`, placeholders filled from `args` ("{n}" → args["n"]); English
// when `lang` lacks it, the key itself when no catalogue has it (so a typo shows, not "").
std::string tr(const std::string& lang, const std::string& key, const MessageArgs& args = {});
// Every key of a language's catalogue and its message as written (placeholders unfilled).
const std::map<std::string, std::string>& i18n_catalogue(const std::string& lang);
// The placeholder names a message uses, sorted: "{value} in column {col}" → {"col", "value"}.
std::vector<std::string> i18n_placeholders(const std::string& message);

// A language code we have from what a user or platform gives: "zh", "zh-CN", "zh_TW.UTF-8"
// → "zh"; "en", "en-GB" → "en"; anything else → "".
std::string i18n_match_language(const std::string& code);
// The desktop's language from POSIX locale variables (LC_ALL, then LC_MESSAGES, then LANG,
// the first one set wins, as for gettext); "en" when none names a language we have.
std::string i18n_language_from_locale(const char* lc_all, const char* lc_messages, const char* lang);

} // namespace attn::ui
