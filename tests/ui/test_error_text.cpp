// The core's errors in the interface's language (ui/error_text.h). Each message below is
// produced by the core itself (or the UI's own checks that throw the core's error type), the
// way the UI meets it: every one must have a translation, so a new core message the UI can
// show fails here until the catalogue has it. The English stays exactly the core's.
#include "error_messages.h"
#include "error_text.h"
#include "examples.h"
#include "formula.h"
#include "i18n.h"
#include "scenario_edit.h"
#include "core/error.h"
#include "core/link_codec.h"
#include "core/model/attention_file.h"
#include "core/model/model_error.h"
#include "core/result.h"
#include "core/tokenizer.h"
#include "core/train/run.h"
#include "core/train/task.h"
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <limits>
#include <regex>
#include <set>

using namespace attn::ui;
using attn::Matrix;
using attn::Scenario;

namespace {

std::string thrown(const std::function<void()>& f) {
    try {
        f();
    } catch (const attn::ScenarioError& e) {
        return e.what();
    }
    return "no error";
}

Scenario explicit_1d(double x, double wq, double wk, double wv, double wo) {
    Scenario s;
    s.tokens = {"a", "b"};
    s.embedding_source = attn::EmbeddingSource::Explicit;
    s.embeddings = Matrix::Constant(2, 1, x);
    s.projections = attn::ProjectionKind::Explicit;
    s.wq = Matrix::Constant(1, 1, wq), s.wk = Matrix::Constant(1, 1, wk);
    s.wv = Matrix::Constant(1, 1, wv), s.wo = Matrix::Constant(1, 1, wo);
    s.scale = false;
    return s;
}

// Every error a panel can show: the scenario's checks (edits in the input panels), the
// forward pass's overflow checks, the token editor's, and the training playground's.
std::vector<std::string> core_errors() {
    std::vector<std::string> out;
    auto scenario = [&](const std::function<void(Scenario&)>& edit) {
        Scenario s;
        s.tokens = {"a", "b", "c"};
        edit(s);
        out.push_back(thrown([&] { attn::compute(s); }));
    };
    scenario([](Scenario& s) { s.tokens.clear(); });                                     // at least
    scenario([](Scenario& s) { s.tokens.assign(attn::kMaxTokens + 1, "w"); });           // exceeds
    scenario([](Scenario& s) { s.tokens = {}, s.text = " ", s.tokenizer = attn::Tokenizer::Words; }); // no tokens
    scenario([](Scenario& s) { s.tokens[1] = ""; });
    scenario([](Scenario& s) { s.tokens[1] = " "; });
    scenario([](Scenario& s) { s.tokens[1] = "a\tb"; });
    scenario([](Scenario& s) { s.tokens[1] = "\xff"; });                                 // invalid UTF-8
    scenario([](Scenario& s) { s.embedding_source = attn::EmbeddingSource::Explicit, s.embeddings = Matrix::Ones(2, 4); });
    scenario([](Scenario& s) {
        s.embedding_source = attn::EmbeddingSource::Explicit, s.embeddings = Matrix::Ones(3, 4);
        s.embeddings(1, 2) = std::numeric_limits<double>::quiet_NaN();
    });
    scenario([](Scenario& s) { s.projections = attn::ProjectionKind::Explicit, s.wq = s.wk = s.wv = s.wo = Matrix::Ones(3, 3); });
    scenario([](Scenario& s) { s.embedding_dim = 6, s.heads = 4; });
    scenario([](Scenario& s) { s.temperature = 0; });
    scenario([](Scenario& s) { s.mask = attn::MaskKind::Explicit, s.mask_matrix = Matrix::Constant(3, 3, 0.5); });
    scenario([](Scenario& s) {
        s.has_source = true, s.source.tokens = {"x", "y"}, s.mask = attn::MaskKind::Causal;
    });
    out.push_back(thrown([] { attn::compute(explicit_1d(1e200, 1, 1, 1, 1)); }));          // Q·Kᵀ overflows
    Scenario cold = explicit_1d(1e150, 1, 1, 1, 1);
    cold.temperature = 1e-100;
    out.push_back(thrown([&] { attn::compute(cold); }));                                    // logits overflow
    // The weighted sum of values at the largest double overflows when the uniform weights
    // round to a sum above 1: for some T (11 here, with SSE2); the first such T is taken.
    for (int T = 2; T <= 40; ++T) {
        Scenario s = explicit_1d(1, 1, 1, std::numeric_limits<double>::max(), 1);
        s.tokens.assign(T, "a");
        s.embeddings = Matrix::Ones(T, 1);
        const std::string error = thrown([&] { attn::compute(s); });
        if (error == "no error") continue;
        out.push_back(error);
        break;
    }
    out.push_back(thrown([] { attn::compute(explicit_1d(10, 1, 1, 1, 1e308)); }));          // Concat·W_O
    Scenario words;
    words.text = "a b", words.tokens = {"a", "b"};
    out.push_back(thrown([&] { retokenize(words, std::string(attn::kMaxTokens + 1, 'x'), attn::Tokenizer::Chars); }));
    out.push_back(thrown([&] { retokenize(words, "caf\xc3", attn::Tokenizer::Chars); }));

    namespace train = attn::train;
    auto config = [&](const std::function<void(train::TrainingConfig&)>& edit) {
        train::TrainingConfig c = train::default_config(train::TaskKind::Copy);
        edit(c);
        out.push_back(thrown([&] { train::validate(c); }));
    };
    config([](train::TrainingConfig& c) { c.learning_rate = 0; });
    config([](train::TrainingConfig& c) { c.batch_size = 0; });
    config([](train::TrainingConfig& c) { c.d_model = 100000; });
    config([](train::TrainingConfig& c) { c.heads = 3; });
    config([](train::TrainingConfig& c) { c = train::default_config(train::TaskKind::Classic), c.d_model = 4; });
    const train::Task& copy = train::task_by_kind(train::TaskKind::Copy);
    const train::Task& sort = train::task_by_kind(train::TaskKind::Sort);
    for (const auto& [task, text] : std::vector<std::pair<const train::Task*, std::string>>{
             {&copy, "abz"}, {&copy, "ab\xc3\xa9"}, {&copy, "abc"}, {&sort, "1 2 x 4"}, {&sort, "1 2 \xe4\xb8\x80"},
             {&sort, "1 1 2 3"}, {&train::task_by_kind(train::TaskKind::Classic), "a"}})
        out.push_back(thrown([&] { train::parse_example(*task, text); }));
    // Built by the UI in the core's words (ui/training.cpp): a run that diverged.
    out.push_back(tr("en", "error.train_diverged", {{"step", "12"}, {"rate", "5"}}));

    // Links, decoded as the page and the desktop do; the inflater fails as zlib does on a cut state.
    const auto stored = [](const std::string& in, std::string& out_bytes, std::string&) {
        out_bytes = in;
        return true;
    };
    const auto cut = [](const std::string&, std::size_t, std::string&, std::string& error) {
        error = "incomplete";
        return false;
    };
    const std::string link = attn::link_encode("{}", stored);
    out.push_back(attn::link_decode(link.substr(0, link.find('.') + 1) + "!!", cut).error);
    out.push_back(attn::link_decode(link, cut).error);
    const auto unstored = [](const std::string& in, std::size_t, std::string& out_bytes, std::string&) {
        out_bytes = in;
        return true;
    };
    out.push_back(attn::link_decode(link.substr(0, link.find('.') + 1) + "A", unstored).error); // a length base64url cannot have
    for (const std::string& text : {std::string("#x=1"), std::string("#s=abc"), std::string("#s=0.AAAA"), std::string("#s=9.AAAA"),
                                    std::string("#s=1.")})
        out.push_back(attn::link_decode(text, unstored).error);
    for (const char* state : {"{\"scenario\": ", "{}", "{\"scenario\": {\"tokens\": [\"a\"]}, \"view\": 1}",
                              "{\"scenario\": {\"tokens\": [\"a\"], \"heads\": 0}}"})
        out.push_back(attn::link_decode(attn::link_encode(state, stored), unstored).error);
    // Built by the UI in English like the core's (files.cpp, model_mode.cpp, attention_import.cpp):
    // the page API and the tests read them; the panels show them through error_text().
    const std::vector<std::pair<const char*, attn::ui::MessageArgs>> ui_built = {
        {"error.vocab_size", {{"n", "50257"}, {"size", "50000"}}}, {"error.model_memory", {}}, {"error.attention_file_memory", {}},
        {"error.no_shipped_model", {}}, {"error.no_model_yet", {}}, {"error.no_model_loaded", {}},
        {"error.head_outside_model", {{"layer", "3"}, {"head", "0"}, {"layers", "2"}, {"heads", "4"}}},
        {"error.head_outside", {{"layer", "0"}, {"head", "7"}, {"name", "patterns.json"}, {"layers", "2"}, {"heads", "3"}}},
        {"error.result_not_scenario", {}}, {"error.not_json", {}}, {"error.not_json_object", {{"type", "array"}}},
        {"error.cannot_save", {}}, {"error.no_result_yet", {}}, {"error.unknown_export", {{"what", "w.gif"}}},
        {"error.csv_only", {{"what", "q"}}}, {"error.only_weights", {{"what", "q"}}},
        {"error.hidden_in_lesson", {{"what", "weights.csv"}}}};
    for (const auto& [key, args] : ui_built) {
        const bool in_file = std::string(key) == "error.vocab_size" || std::string(key).find("memory") != std::string::npos;
        out.push_back((in_file ? "gpt2/vocab.json: " : "") + tr("en", key, args)); // those name their file first
    }
    return out;
}

bool has_hanzi(const std::string& s) {
    for (size_t i = 0; i + 2 < s.size(); ++i) // U+4E00…U+9FFF: E4 B8 80 … E9 BF BF in UTF-8
        if (static_cast<unsigned char>(s[i]) >= 0xE4 && static_cast<unsigned char>(s[i]) <= 0xE9) return true;
    return false;
}

// English left in a translation: a run of two or more English words, outside quotes (a
// file's own text: a token, a value, a command) and other than the names a learner sees as
// they are in the files (kMaxTokens tokens is the limit's name in the scenario format).
std::string english_left(const std::string& zh) {
    static const std::regex quoted(R"("[^"]*"|'[^']*'|`[^`]*`|Hugging Face|kMaxTokens tokens)");
    static const std::regex words("[A-Za-z]{2,}(?: [A-Za-z]{2,})+");
    const std::string unquoted = std::regex_replace(zh, quoted, " ");
    std::smatch m;
    return std::regex_search(unquoted, m, words) ? m.str() : "";
}

} // namespace

TEST_CASE("every core error a panel can show reads in Chinese, and in English exactly as the core wrote it", "[i18n][errors]") {
    std::vector<std::string> messages = core_errors();
    const std::vector<std::string> files = core_file_errors();
    messages.insert(messages.end(), files.begin(), files.end());
    for (const std::string& message : unreachable_file_errors()) messages.push_back(message);
    std::set<std::string> keys_used;
    for (const std::string& message : messages) {
        INFO(message);
        REQUIRE(message != "no error");
        REQUIRE(message != "accepted");
        CHECK(error_text("en", message) == message);
        const std::string zh = error_text("zh", message);
        INFO(zh);
        CHECK(zh != message);
        CHECK(has_hanzi(zh));
        CHECK(english_left(zh).empty());
        const std::string key = error_key(message);
        CHECK_FALSE(key.empty());
        const std::vector<std::string> parts = error_parts(message);
        CHECK((!parts.empty() && parts.front() == key));
        keys_used.insert(parts.begin(), parts.end());
    }
    // Every pattern is met by a real message: none is dead, none drifted from the core's
    // wording; the same for every part of nlohmann/json's parse errors.
    for (const std::string& key : error_keys()) {
        INFO(key);
        CHECK(keys_used.count(key) == 1);
    }
    for (const auto& [key, text] : i18n_catalogue("en"))
        if (key.rfind("json.", 0) == 0) {
            INFO(key);
            CHECK(keys_used.count(key) == 1);
        }
    CHECK(files.size() > 200); // the files' refusals were all made, not cut short by an exception
}

TEST_CASE("a file's refusal reads as a Chinese sentence, the parse error inside it too", "[i18n][errors]") {
    CHECK(error_text("zh", "model.safetensors: the header claims 1000000 bytes but the file has 360 after the length (truncated, or "
                           "not a safetensors file?)") ==
          "model.safetensors：头部长度字段写着 1000000 字节，但长度字段之后文件有 360 字节（文件被截断了，或者不是 safetensors 文件？）");
    CHECK(error_text("zh", "model.safetensors: tensor 'wte.weight': unknown dtype 'F23'") ==
          "model.safetensors：张量 'wte.weight'：未知的数据类型 'F23'");
    CHECK(error_text("zh", "config.json: not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 2: syntax error "
                           "while parsing object key - invalid literal; last read: '{n'; expected string literal") ==
          "config.json：不是有效的 JSON：第 1 行第 2 列：解析对象的键时出现语法错误：无效的字面量；最后读到的是 '{n'，这里应为字符串"
          "（parse_error.101）");
    CHECK(error_text("zh", "a.file: attention[0][0][0]: expected a non-empty array of weights, got number") ==
          "a.file：attention[0][0][0]：应为非空的权重数组，实际是 数字");
    CHECK(error_text("zh", "vocab.json: key \"a\": the id must be a whole number, got the string \"1\"") ==
          "vocab.json：键 \"a\"：id 必须是整数，实际是 字符串 \"1\"");
    // A file the File… menu cannot read as JSON: nlohmann's message alone, inside the notice.
    CHECK(notice_text("zh", "x.json was not opened: [json.exception.parse_error.101] parse error at line 1, column 8: syntax error "
                            "while parsing value - invalid literal; last read: '{\"a\": tru}'.") ==
          "没有打开 x.json：第 1 行第 8 列：解析值时出现语法错误：无效的字面量；最后读到的是 '{\"a\": tru}'（parse_error.101）。");
    // A part nobody knows stays as written inside the translated sentence.
    CHECK(error_text("zh", "config.json: not valid JSON: something new") == "config.json：不是有效的 JSON：something new");
}

TEST_CASE("a translated error keeps its field and its numbers in their places", "[i18n][errors]") {
    CHECK(error_text("zh", "heads: d_model = 6 is not divisible by 4 heads") == "heads：d_model = 6 不能被 4 个头整除");
    // The field is not swallowed by a message that starts with a placeholder.
    CHECK(error_text("zh", "tokens: 513 exceeds the limit of 512 (kMaxTokens tokens)") ==
          "tokens：513 超过了上限 512（kMaxTokens tokens）");
    CHECK(error_text("zh", "example: a non-ASCII character is not one of the letters a–h") == "example：非 ASCII 字符不是 a–h 中的字母");
    CHECK(error_text("zh", "example: 'z' is not one of the letters a–h") == "example：'z' 不是 a–h 中的字母");
    CHECK(error_text("zh", "Training diverged at step 12: the loss overflowed, so the update was not applied. "
                           "Lower the learning rate (now 5) and press Reset.") ==
          "训练在第 12 步发散：损失溢出，所以这次更新没有应用。请降低学习率（当前为 5），再按“重置”。");
    // What no key knows comes back as it was, rather than half translated.
    CHECK(error_text("zh", "JSON: unexpected end of input") == "JSON: unexpected end of input");
    CHECK(error_text("zh", "something new") == "something new");
}

TEST_CASE("notices, head descriptions and the page's loading status read in Chinese, the error inside a notice too", "[i18n][errors]") {
    // As files.cpp and web/links.js write them (English, for the tests and the page API).
    const std::string opened = tr("en", "notice.file_type", {{"name", "x.json"}, {"type", tr("en", "file_type.result")},
                                                             {"error", tr("en", "error.result_not_scenario")}});
    CHECK(notice_text("en", opened) == opened);
    CHECK(notice_text("zh", opened) == "没有打开 x.json（计算结果）：这是一个计算结果（attnviz-cli 的输出），不是场景：请打开算出它的那个场景。");
    const std::string link = "This link could not be opened: the link is damaged: character 3 of the state is not base64url. "
                             "Showing what was here before.";
    CHECK(notice_text("zh", link) == "无法打开这个链接：链接已损坏：状态的第 3 个字符不是 base64url 字符。仍显示原来的内容。");
    CHECK(notice_text("zh", "This link could not be opened: its scenario: heads: d_model = 6 is not divisible by 4 heads.") ==
          "无法打开这个链接：它的场景有问题：heads：d_model = 6 不能被 4 个头整除。");
    CHECK(notice_text("zh", "a.json was not opened: cannot read it.") == "没有打开 a.json：无法读取。");
    CHECK(notice_text("zh", "something new") == "something new");
    // describe_head()'s two lines (core/model/attention_maps.cpp), line by line.
    CHECK(head_description_text("zh", "induction head\non this text: 0.12 on i−1, 0.91 after the earlier occurrence (4 queries), "
                                      "0.05 on the first token") ==
          "归纳头\n在这段文本上：i−1 上 0.12，上一次出现之后 0.91（4 个查询），第一个词元上 0.05");
    CHECK(head_description_text("zh", "too few tokens to measure") == "词元太少，无法测量");
    // web/model_loader.js's status.
    CHECK(page_status_text("zh", "reading model.safetensors: 12.5 of 48.0 MB") == "正在读取 model.safetensors：12.5 / 48.0 MB");
    CHECK(page_status_text("en", "preparing the model…") == "preparing the model…");
    CHECK(page_status_text("zh", "preparing the model…") == "正在准备模型…");
}

TEST_CASE("a refusal quoting a megabyte-long key shows shortened, translated, and does not overflow the stack", "[i18n][errors]") {
    // A crafted attention file: the core quotes the key whole (the CLI prints it), and the
    // regexes recursed once per character (a 100 kB message overflowed libstdc++'s).
    const std::string key(1 << 20, 'k');
    const std::string file = "{\"format\": \"attnviz-attention\", \"version\": 1, \"" + key + "\": 1}";
    std::string message;
    try {
        attn::model::read_attention_file(file.data(), file.size(), "big.json");
    } catch (const attn::model::ModelError& e) {
        message = e.what();
    }
    REQUIRE(message.size() > key.size());
    for (const std::string lang : {"en", "zh"}) {
        const std::string shown = error_text(lang, message);
        CHECK(shown.size() < 400);
        // The word "'kkk…kkk';" keeps its first 120 bytes and its last 60.
        CHECK(shown.find("'" + std::string(119, 'k') + "\u2026" + std::string(58, 'k') + "'") != std::string::npos);
        CHECK(shown.find("format, version, model, causal, tokens, attention") != std::string::npos);
    }
    CHECK(error_text("zh", message).find("未知的键") != std::string::npos);
    CHECK(error_text("en", message).rfind("big.json: unknown key 'kkk", 0) == 0);
    // A notice carrying it is bounded the same way.
    const std::string notice = notice_text("zh", "big.json was not opened: " + message + ".");
    CHECK(notice.size() < 500);
    CHECK(notice.find("未知的键") != std::string::npos);
    // Short messages are untouched.
    CHECK(error_text("en", "tokens: at least 1 token") == "tokens: at least 1 token");
}

TEST_CASE("error keys: the list tried is exactly the catalogue's error messages", "[i18n][errors]") {
    std::set<std::string> in_catalogue;
    for (const auto& [key, text] : i18n_catalogue("en"))
        if (key.rfind("error.", 0) == 0 && key != "error.field") in_catalogue.insert(key);
    CHECK(std::set<std::string>(error_keys().begin(), error_keys().end()) == in_catalogue);
}

TEST_CASE("the training tasks' words in the English catalogue are the core's, and each has a Chinese text", "[i18n][training]") {
    for (const attn::train::Task& t : attn::train::all_tasks()) {
        INFO(t.name);
        const std::string key = "train.task." + t.name + ".";
        CHECK(tr("en", key + "title") == t.title);
        CHECK(tr("en", key + "summary") == t.summary);
        CHECK(tr("en", key + "try") == t.try_this);
        for (const char* part : {"title", "summary", "try"}) CHECK(i18n_catalogue("zh").count(key + part) == 1);
    }
}

TEST_CASE("built-in examples are named in each language; the English name is the catalogue's", "[i18n]") {
    for (int e = 0; e < kExampleCount; ++e) {
        INFO(kExamples[e].key);
        CHECK(std::string(kExamples[e].name) == tr("en", kExamples[e].key));
        CHECK(example_name("en", e) == kExamples[e].name);
        CHECK(i18n_catalogue("zh").count(kExamples[e].key) == 1);
        CHECK(has_hanzi(example_name("zh", e)));
    }
}

// Hidden (run with '[.dump]'): every file error and its translation, to read them side by side.
TEST_CASE("dump the files' errors in both languages", "[.dump]") {
    for (const std::string& message : core_file_errors()) std::printf("%s\n  %s\n", message.c_str(), error_text("zh", message).c_str());
}
