// attnviz UI: the core's error messages in the interface's language (error_text.h).
#include "error_text.h"
#include "i18n.h"
#include <algorithm>
#include <cstring>
#include <map>
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
        } else if (std::strchr("^$\\.*+?()[]{}|", c) && c != '\0') {
            // Only ECMAScript's syntax characters: libc++ (the page's) throws error_escape on
            // an escaped '_' or other punctuation, which libstdc++ accepts.
            re += '\\';
            re += c;
        } else {
            re += c; // letters, digits, spaces, other punctuation and the bytes of UTF-8 sequences stand for themselves
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

// A message quoting a huge key, tensor name or token (a crafted file's) would be unreadable
// on screen, and the patterns' regexes recurse once per character they match: libstdc++'s
// overflowed the stack on a 100 kB message. Words longer than kLongWord bytes keep their
// start and end, so a message the UI shows is at most 2 kB before it is matched.
constexpr size_t kLongMessage = 1000, kLongWord = 200, kWordHead = 120, kWordTail = 60, kMaxShown = 2000;

size_t utf8_start(const std::string& s, size_t i) { // back to the first byte of the character at i
    while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return i;
}

std::string bounded(const std::string& message) {
    if (message.size() <= kLongMessage) return message;
    std::string out;
    for (size_t pos = 0; pos < message.size();) {
        const size_t space = message.find(' ', pos);
        const size_t end = space == std::string::npos ? message.size() : space;
        if (end - pos > kLongWord) {
            out.append(message, pos, utf8_start(message, pos + kWordHead) - pos);
            out += "\u2026";
            const size_t tail = utf8_start(message, end - kWordTail);
            out.append(message, tail, end - tail);
        } else {
            out.append(message, pos, end - pos);
        }
        if (space == std::string::npos) break;
        out += ' ';
        pos = space + 1;
    }
    if (out.size() > kMaxShown) out = out.substr(0, utf8_start(out, kMaxShown)) + "\u2026";
    return out;
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

// Placeholders whose value is itself stable English from a small set: a JSON type name ("got
// array"), what a value should have been ("expected an array of strings"), and nlohmann/json's
// parse errors, down to their parts ("syntax error while parsing value - invalid literal").
// Each list is tried in order, the more specific first.
const std::vector<Pattern>* part_patterns(const std::string& placeholder) {
    static const std::map<std::string, std::vector<Pattern>> parts = [] {
        const std::vector<Pattern> tokens = compile_all(
            {"json.token.true", "json.token.false", "json.token.null", "json.token.string", "json.token.number",
             "json.token.begin_array", "json.token.begin_object", "json.token.end_array", "json.token.end_object",
             "json.token.colon", "json.token.comma", "json.token.end", "json.token.literal_or_value"});
        return std::map<std::string, std::vector<Pattern>>{
            {"type", compile_all({"json.type.null", "json.type.object", "json.type.array", "json.type.string",
                                  "json.type.boolean", "json.type.number"})},
            {"got", compile_all({"json.value.the_string", "json.value.binary", "json.value.an", "json.value.a", "json.type.null", "json.type.object",
                                 "json.type.array", "json.type.string", "json.type.boolean", "json.type.number"})},
            {"items", compile_all({"json.items.strings", "json.items.layers", "json.items.heads", "json.items.query_rows",
                                   "json.items.weights"})},
            {"expected", compile_all({"json.expected.nonneg_integer", "json.expected.number",
                                      "json.expected.integer", "json.expected.bool", "json.expected.string",
                                      "json.expected.rows", "json.expected.numbers",
                                      "json.expected.strings", "json.expected.scenario", "json.expected.object_like",
                                      "json.expected.mask", "json.expected.projections"})},
            // vocab.json's reader shows only the part after the position
            {"json_error", compile_all({"json.error.at_line", "json.error.at_line_plain", "json.error.number_overflow",
                                        "json.syntax.read_expected", "json.syntax.read", "json.syntax.expected"})},
            {"syntax", compile_all({"json.syntax.read_expected", "json.syntax.read", "json.syntax.expected"})},
            {"detail", compile_all({"link.detail.character", "link.detail.length"})},
            {"context", compile_all({"json.context.value", "json.context.object_key", "json.context.object_separator",
                                     "json.context.object", "json.context.array"})},
            {"token", tokens},
            {"expected_token", tokens},
            {"lexer", compile_all({"json.lexer.literal", "json.lexer.quote", "json.lexer.control_or", "json.lexer.control",
                                   "json.lexer.utf8", "json.lexer.hex", "json.lexer.backslash", "json.lexer.surrogate_high",
                                   "json.lexer.surrogate_low", "json.lexer.number_minus", "json.lexer.number_dot",
                                   "json.lexer.number_exponent", "json.lexer.bom"})},
        };
    }();
    const auto it = parts.find(placeholder);
    return it == parts.end() ? nullptr : &it->second;
}

std::string error_text(const std::string& lang, const std::string& message, std::vector<std::string>* used);

// Parts a pattern applies only when they are known: "expected {expected}, got {type}" must not
// take "expected 3 rows, got 2", which a later pattern words better.
bool part_required(const std::string& placeholder) { return placeholder == "expected" || placeholder == "items"; }

// `problem` in `lang` through the first pattern of `among` it matches; the keys used, the
// parts' too, are added to `used` (for the tests).
std::string translate(const std::string& lang, const std::string& problem, bool* known, const std::vector<Pattern>& among = patterns(),
                      std::vector<std::string>* used = nullptr) {
    std::smatch m;
    for (const Pattern& p : among) {
        if (!std::regex_match(problem, m, p.re)) continue;
        std::vector<std::string> keys = {p.key};
        MessageArgs args;
        bool fits = true;
        for (size_t k = 0; k < p.names.size() && fits; ++k) {
            const std::string& name = p.names[k];
            std::string value = m[k + 1].str();
            if (name == "error") { // a whole error inside this one (a link's scenario, the shipped model's)
                value = error_text(lang, value, &keys);
            } else if (const std::vector<Pattern>* part = part_patterns(name)) {
                bool part_known = false; // an unknown part stays as written: a number, a quoted value
                value = translate(lang, value, &part_known, *part, &keys);
                fits = part_known || !part_required(name);
            }
            args.emplace(name, value); // first capture wins
        }
        if (!fits) continue;
        *known = true;
        if (used) used->insert(used->end(), keys.begin(), keys.end());
        return tr(lang, p.key, args);
    }
    *known = false;
    return problem;
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
        "error.link_damaged",    "error.link_not_attnviz",    "error.link_no_version",  "error.link_version_newer",
        "error.link_version",    "error.link_empty",          "error.link_not_json",    "error.link_no_scenario",
        "error.link_view",       "error.link_scenario",       "error.page_missing_files", "error.page_shipped_failed",
        // The model folder's files, attention files, scenario files and training configurations
        // (core/model/*, core/scenario_json.cpp, core/train/training_json.cpp): the nested field
        // ("tensor 'x': ", "line 3: ", "__metadata__: ") is part of each pattern, so it reads in
        // Chinese too.
        "error.st_entry_object", "error.st_entry_missing", "error.st_dtype_string", "error.st_unknown_dtype",
        "error.st_shape_array", "error.st_shape_size", "error.st_shape_impossible", "error.st_offsets_pair",
        "error.st_offsets_order", "error.st_offsets_beyond", "error.st_size_too_large", "error.st_size_mismatch",
        "error.st_dtype_unsupported", "error.st_too_short", "error.st_header_length", "error.st_header_json",
        "error.st_header_object", "error.st_metadata_object", "error.st_metadata_string", "error.st_overlap",
        "error.st_read_length", "error.st_read_data", "error.cannot_open_file", "error.read_failed", "error.cfg_missing",
        "error.cfg_whole_number", "error.json_invalid", "error.cfg_object", "error.cfg_model_type", "error.cfg_n_embd_max",
        "error.cfg_heads_divide", "error.cfg_epsilon", "error.cfg_activation", "error.cfg_scale_bool",
        "error.cfg_unsupported", "error.gw_pickle", "error.gw_not_found", "error.gw_block", "error.gw_twice",
        "error.gw_missing", "error.gw_shape", "error.gw_dtype", "error.gw_lm_head", "error.gw_memory", "error.run_token_id",
        "error.run_positions", "error.run_memory", "error.run_head_outside", "error.run_no_tokens", "error.bpe_too_large",
        "error.bpe_not_object", "error.bpe_id_type", "error.bpe_duplicate_key", "error.bpe_json", "error.bpe_id_range_n",
        "error.bpe_id_range", "error.bpe_empty_vocab", "error.bpe_no_tokens", "error.bpe_same_id", "error.bpe_byte",
        "error.bpe_empty_merges", "error.bpe_merge_line", "error.bpe_merge_repeats", "error.bpe_not_in_vocab",
        "error.bpe_no_merges", "error.bpe_no_id", "error.att_tokens_count", "error.att_not_finite", "error.att_negative",
        "error.att_causal", "error.att_row_sum", "error.att_nonempty_array", "error.att_heads_count", "error.att_rows_count",
        "error.att_weights_count", "error.att_json_dims", "error.att_json_number", "error.att_json_large",
        "error.att_json_truncated", "error.att_json_nonfinite", "error.att_json_object", "error.att_format_missing",
        "error.att_format_wrong", "error.att_unknown_key", "error.att_version", "error.att_version_missing",
        "error.att_model_string", "error.att_causal_bool", "error.att_tokens_missing", "error.att_token_string",
        "error.att_attention_missing", "error.att_st_format_weights", "error.att_st_format", "error.att_meta_unknown",
        "error.att_meta_version", "error.att_meta_version_missing", "error.att_meta_causal", "error.att_meta_tokens_missing",
        "error.att_meta_tokens_json", "error.att_meta_tokens_array", "error.att_meta_token_string", "error.att_no_tensor",
        "error.att_dims_batch", "error.att_dims", "error.att_not_square", "error.att_dtype", "error.att_shape_empty",
        "error.att_too_long", "error.att_too_many", "error.att_empty", "error.att_too_short", "error.att_not_attention",
        "error.unknown_key_known", "error.too_large_value", "error.expected_nonneg", "error.expected_one_of",
        "error.expected_type", "error.expected_rows", "error.at_least_row", "error.at_least_number", "error.too_many_rows",
        "error.too_many_numbers", "error.expected_numbers", "error.tokens_or_text", "error.tokens_missing",
        "error.embeddings_both", "error.range_named", "error.projections_both", "error.projection_missing",
        "error.source_tokens", "error.tokens_exceed", "error.version_unsupported", "error.source_version",
        "error.scenario_too_large", "error.json_syntax", "error.json_number_overflow", "error.training_object",
        "error.unknown_key", "error.task_missing", "error.task_unknown", "error.unknown_task", "error.optimizer",
        "error.must_be",
    };
    return keys;
}

std::string error_key(const std::string& message) {
    const std::vector<std::string> parts = error_parts(message);
    return parts.empty() ? "" : parts.front();
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

std::string notice_text(const std::string& lang, const std::string& whole_notice) {
    const std::string notice = bounded(whole_notice);
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

namespace {

std::string error_text(const std::string& lang, const std::string& message, std::vector<std::string>* used) {
    // ScenarioError's what(): "field: problem", ModelError's "file: problem". Fields never hold
    // ": "; problems may, and a field must not be swallowed by a pattern's leading placeholder,
    // so the split comes first.
    bool known = false;
    const size_t colon = message.find(": ");
    std::vector<std::string> keys;
    const std::string problem = colon == std::string::npos ? "" : translate(lang, message.substr(colon + 2), &known, patterns(), &keys);
    if (!known) { // a message without a field, or unknown
        keys.clear();
        std::string whole = translate(lang, message, &known, patterns(), &keys);
        // nlohmann/json's own message, as files.cpp shows a file that is not JSON
        if (!known) whole = translate(lang, message, &known, *part_patterns("json_error"), &keys);
        if (used) used->insert(used->end(), keys.begin(), keys.end());
        return whole;
    }
    if (used) used->insert(used->end(), keys.begin(), keys.end());
    return tr(lang, "error.field", {{"field", message.substr(0, colon)}, {"problem", problem}});
}

} // namespace

std::string error_text(const std::string& lang, const std::string& whole_message) {
    const std::string message = bounded(whole_message);
    if (lang == "en") return message;
    // Panels draw the same error every frame, and trying a few hundred patterns takes ~0.3 ms
    // natively: each message is translated once (on the UI thread, the only caller).
    static std::map<std::pair<std::string, std::string>, std::string> translated;
    const auto key = std::make_pair(lang, message);
    if (const auto it = translated.find(key); it != translated.end()) return it->second;
    if (translated.size() >= 64) translated.clear();
    return translated[key] = error_text(lang, message, nullptr);
}

std::vector<std::string> error_parts(const std::string& message) {
    std::vector<std::string> used;
    error_text("zh", message, &used);
    return used;
}

} // namespace attn::ui
