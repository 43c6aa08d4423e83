// attnviz UI: the core's error messages in the interface's language (error_text.h).
#include "error_text.h"
#include "i18n.h"
#include <algorithm>
#include <cctype>
#include <regex>

namespace attn::ui {

namespace {

struct Pattern {
    std::string key;
    std::regex re;
    std::vector<std::string> names; // the placeholders, in the order the regex captures them
};

// "{n} tokens; at most {max}" → ^(.+?) tokens; at most (.+?)$ with names {n, max}.
Pattern compile(const std::string& key) {
    const std::string& english = i18n_catalogue("en").at(key);
    Pattern p{key, {}, {}};
    std::string re = "^";
    for (size_t i = 0; i < english.size(); ++i) {
        const char c = english[i];
        const size_t close = c == '{' ? english.find('}', i) : std::string::npos;
        if (close != std::string::npos) {
            p.names.push_back(english.substr(i + 1, close - i - 1));
            re += "(.+?)";
            i = close;
        } else if (static_cast<unsigned char>(c) < 0x80 && std::ispunct(static_cast<unsigned char>(c))) {
            re += '\\';
            re += c;
        } else {
            re += c; // letters, digits, spaces and the bytes of UTF-8 sequences stand for themselves
        }
    }
    p.re = std::regex(re + "$");
    return p;
}

std::vector<Pattern> compile_all(const std::vector<std::string>& keys) {
    std::vector<Pattern> v;
    for (const std::string& key : keys) v.push_back(compile(key));
    return v;
}

const std::vector<Pattern>& patterns() {
    static const std::vector<Pattern> all = compile_all(error_keys()); // compiled once: errors are drawn every frame
    return all;
}

const Pattern* match(const std::string& problem, std::smatch& m, const std::vector<Pattern>& among = patterns()) {
    for (const Pattern& p : among)
        if (std::regex_match(problem, m, p.re)) return &p;
    return nullptr;
}

std::string translate(const std::string& lang, const std::string& problem, bool* known, const std::vector<Pattern>& among = patterns()) {
    std::smatch m;
    const Pattern* p = match(problem, m, among);
    *known = p != nullptr;
    if (!p) return problem;
    MessageArgs args;
    for (size_t k = 0; k < p->names.size(); ++k) args.emplace(p->names[k], m[k + 1].str()); // first capture wins
    return tr(lang, p->key, args);
}

} // namespace

const std::vector<std::string>& error_keys() {
    // Specific before general: "a non-ASCII character is not one of …" also fits "{char} is not one of …".
    static const std::vector<std::string> keys = {
        "error.matrix_shape",    "error.not_finite",          "error.at_least",         "error.exceeds",
        "error.no_tokens",       "error.token_empty",         "error.token_blank",      "error.token_control",
        "error.causal_with_source", "error.embedding_rows",   "error.heads_divide",     "error.temperature",
        "error.mask_value",      "error.scores_overflow",     "error.logits_overflow",  "error.sum_overflow",
        "error.output_overflow", "error.invalid_utf8",        "error.too_many_tokens",  "error.learning_rate",
        "error.range",           "error.task_columns",        "error.heads_do_not_divide", "error.non_ascii_letter",
        "error.not_a_letter",    "error.non_ascii_digit",     "error.not_a_digit",      "error.classic_one_example",
        "error.letters_count",   "error.sort_digits",         "error.train_diverged",
        "error.vocab_size",      "error.model_memory",        "error.attention_file_memory", "error.no_shipped_model",
        "error.no_model_yet",    "error.no_model_loaded",     "error.head_outside_model", "error.head_outside",
        "error.result_not_scenario", "error.not_json",        "error.not_json_object",  "error.cannot_save",
        "error.no_result_yet",   "error.unknown_export",      "error.csv_only",         "error.only_weights", "error.hidden_in_lesson", "error.link_cut_short",
        "error.link_damaged",
    };
    return keys;
}

std::string error_key(const std::string& message) {
    std::smatch m;
    const size_t colon = message.find(": ");
    const std::string problem = colon == std::string::npos ? message : message.substr(colon + 2);
    const Pattern* p = match(problem, m);
    if (!p) p = match(message, m);
    return p ? p->key : "";
}

std::string head_description_text(const std::string& lang, const std::string& description) {
    static const std::vector<Pattern> lines = compile_all({"head.induction", "head.previous", "head.sink", "head.none", "head.too_few",
                                                           "head.measured_induction", "head.measured"});
    if (lang == "en") return description;
    std::string out;
    bool known = false;
    for (size_t pos = 0; pos <= description.size();) {
        const size_t end = std::min(description.find('\n', pos), description.size());
        out += (pos ? "\n" : "") + translate(lang, description.substr(pos, end - pos), &known, lines);
        pos = end + 1;
    }
    return out;
}

std::string page_status_text(const std::string& lang, const std::string& status) {
    static const std::vector<Pattern> all = compile_all({"status.loading_model", "status.reading", "status.preparing"});
    bool known = false;
    return lang == "en" ? status : translate(lang, status, &known, all);
}

std::string notice_text(const std::string& lang, const std::string& notice) {
    // Specific before general: "{name} was not opened: cannot read it." also fits "{name} was not opened: {error}.".
    static const std::vector<Pattern> notices =
        compile_all({"notice.link_not_opened", "notice.link_scenario", "notice.link_plain", "notice.file_not_scenario", "notice.file_unreadable",
                     "notice.file_type", "notice.file_not_opened", "notice.picture_not_saved", "notice.view_2x_too_large",
                     "notice.view_2x_failed", "notice.not_exported", "notice.not_saved"});
    static const std::vector<Pattern> file_types =
        compile_all({"file_type.safetensors", "file_type.attention_json", "file_type.result", "file_type.scenario"});
    if (lang == "en") return notice;
    std::smatch m;
    const Pattern* p = match(notice, m, notices);
    if (!p) return notice;
    MessageArgs args;
    for (size_t k = 0; k < p->names.size(); ++k) {
        const std::string& name = p->names[k];
        bool known = false;
        const std::string value = m[k + 1].str();
        args.emplace(name, name == "error" ? error_text(lang, value) : name == "type" ? translate(lang, value, &known, file_types) : value);
    }
    return tr(lang, p->key, args);
}

std::string error_text(const std::string& lang, const std::string& message) {
    if (lang == "en") return message;
    // ScenarioError's what(): "field: problem". Fields never hold ": "; problems may, and a
    // field must not be swallowed by a pattern's leading placeholder, so the split comes first.
    bool known = false;
    const size_t colon = message.find(": ");
    const std::string problem = colon == std::string::npos ? "" : translate(lang, message.substr(colon + 2), &known);
    if (!known) return translate(lang, message, &known); // a message without a field, or unknown
    return tr(lang, "error.field", {{"field", message.substr(0, colon)}, {"problem", problem}});
}

} // namespace attn::ui
