// The core's refusals of files, made by really giving it bad ones: a model folder
// (config.json, model.safetensors, vocab.json, merges.txt), an attention file, a scenario
// file, a training configuration. The files come from the core tests' fixtures, spoiled here
// one way at a time; test_error_text.cpp checks each message reads in Chinese.
#include "error_messages.h"
#include "../core/model_fixtures.h"
#include "core/error.h"
#include "core/model/attention_file.h"
#include "core/model/bpe.h"
#include "core/model/gpt2_config.h"
#include "core/model/gpt2_run.h"
#include "core/model/gpt2_weights.h"
#include "core/model/model_error.h"
#include "core/model/model_result.h"
#include "core/model/safetensors.h"
#include "core/scenario_json.h"
#include "core/train/training_json.h"
#include "i18n.h"
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

namespace {

using attn::test::Content;
using attn::test::TinyModel;
using attn::test::vocab_with;
using nlohmann::json;

template <class Action> std::string refusal(Action&& action) {
    try {
        action();
    } catch (const attn::model::ModelError& e) {
        return e.what();
    } catch (const attn::ScenarioError& e) {
        return e.what();
    }
    return "accepted";
}

std::string load_error(const TinyModel& m, std::uint64_t budget = attn::model::default_memory_budget()) {
    return refusal([&] { attn::model::load_gpt2(m.folder, budget); });
}

// model.safetensors with its header spoiled, config.json spoiled, or the folder itself.
void model_folder_errors(std::vector<std::string>& out) {
    const auto header = [&](const std::function<void(json&)>& spoil) {
        TinyModel m;
        json h = m.header();
        spoil(h);
        m.write(h);
        out.push_back(load_error(m));
    };
    header([](json& h) { h["wte.weight"] = 5; });
    header([](json& h) { h["wte.weight"].erase("dtype"); });
    header([](json& h) { h["wte.weight"]["dtype"] = 5; });
    header([](json& h) { h["wte.weight"]["dtype"] = "F23"; });
    header([](json& h) { h["wte.weight"]["shape"] = "3x2"; });
    header([](json& h) { h["wte.weight"]["shape"] = {-3, 2}; });
    header([](json& h) { h["wte.weight"]["shape"] = {9223372036854775808ULL}; });
    header([](json& h) { h["wte.weight"]["data_offsets"] = {-8, 16}; });
    header([](json& h) { h["wte.weight"]["data_offsets"] = {24, 0}; });
    header([](json& h) { h["wpe.weight"]["shape"] = {4294967296ULL, 4294967296ULL, 8}; });
    header([](json& h) { h["wpe.weight"]["shape"] = {4, 3}; });
    header([](json& h) { h["wpe.weight"]["data_offsets"] = h["wte.weight"]["data_offsets"], h["wpe.weight"]["shape"] = {3, 2}; });
    header([](json& h) { h["__metadata__"] = 5; });
    header([](json& h) { h["__metadata__"] = {{"format", 1}}; });
    header([](json& h) { h["ln_f.bias"]["dtype"] = "I32"; });
    header([](json& h) { h.erase("h.0.mlp.c_fc.bias"); });
    header([](json& h) { h["h.0.attn.c_attn.weight"]["shape"] = {6, 2}; }); // nn.Linear's layout, not Conv1D's
    for (const auto& [name, shape] : std::vector<std::pair<std::string, std::vector<std::int64_t>>>{
             {"h.1.ln_1.weight", {2}}, {"transformer.wte.weight", {3, 2}}, {"lm_head.weight", {2, 3}}}) {
        TinyModel m; // a tensor too many
        m.add(name, shape);
        m.write();
        out.push_back(load_error(m));
    }
    {
        TinyModel m;
        m.write(m.header(), 4); // the data cut short
        out.push_back(load_error(m));
        m.write_raw(m.header().dump(), 0, 1000000); // a header length past the end
        out.push_back(load_error(m));
        for (const char* text : {"{\"wte.weight\": [", "{\"wte.weight\": tru}", "{\"a\": 1e999}", "[1]"}) {
            m.write_raw(text);
            out.push_back(load_error(m));
        }
        std::ofstream(m.weights_path(), std::ios::binary) << "abc";
        out.push_back(load_error(m));
        m.write();
        out.push_back(load_error(m, 100)); // more than the memory budget
    }
    const auto config = [&](const std::function<void(json&)>& spoil) {
        TinyModel m;
        spoil(m.config);
        m.write();
        out.push_back(load_error(m));
    };
    config([](json& c) { c.erase("n_head"); });
    config([](json& c) { c.erase("n_positions"); });
    config([](json& c) { c["n_layer"] = -2; });
    config([](json& c) { c["n_head"] = 3; });
    config([](json& c) { c["n_embd"] = 4200000, c["n_head"] = 1; });
    config([](json& c) { c["layer_norm_epsilon"] = 0; });
    config([](json& c) { c["activation_function"] = "relu"; });
    config([](json& c) { c["model_type"] = "llama"; });
    config([](json& c) { c["scale_attn_weights"] = "yes"; });
    config([](json& c) { c["reorder_and_upcast_attn"] = true; });
    for (const char* text : {"{n_layer: 1", "{\"n_ctx\": 11e30828}", "[1]"})
        out.push_back(refusal([&] { attn::model::parse_gpt2_config(text, "config.json"); }));
    out.push_back(refusal([] { attn::model::load_gpt2_config("/nonexistent/config.json"); }));
    {
        TinyModel m; // nothing written: no model.safetensors
        out.push_back(load_error(m));
        std::ofstream(m.folder + "/pytorch_model.bin") << "PK\x03\x04 pickle";
        out.push_back(load_error(m));
    }
    // The text given to a loaded model.
    TinyModel m;
    m.write();
    const attn::model::Gpt2Model model = attn::model::load_gpt2(m.folder);
    attn::model::Gpt2Run run(model);
    out.push_back(refusal([&] { run.append({0, 1, 2, 0, 1}); }));
    out.push_back(refusal([&] { run.append({0, 3}); }));
    out.push_back(refusal([&] { attn::model::head_result(model, run, 0, 0, {}); }));
    run.append({0, 1});
    out.push_back(refusal([&] { attn::model::head_result(model, run, 3, 0, {"a", "b"}); }));
    const attn::model::Gpt2Model small = attn::model::load_gpt2(m.folder, 600); // one token's activations fit, four do not
    attn::model::Gpt2Run tight(small);
    tight.append({0});
    out.push_back(refusal([&] { tight.append({1, 2, 0}); }));
}

void tokenizer_errors(std::vector<std::string>& out) {
    const auto parse = [&](const std::string& vocab, const std::string& merges) {
        out.push_back(refusal([&] { attn::model::parse_bpe(vocab, merges); }));
    };
    const std::string merges = "h e\n";
    for (const char* vocab : {"", "{}", "[1, 2]", "7", "null", "{\"a\": 0,", "{\"a\": 1.5}", "{\"a\": \"1\"}", "{\"a\": true}",
                              "{\"a\": {}}", "{\"a\": []}", "{\"a\": -3}", "{\"a\": 0, \"a\": 1}", "{\"a\": 0, \"b\": 0}",
                              "{\"a\": 0, \"b\": 5}", "{\"a\": 0, \"b\": 1}"})
        parse(vocab, merges);
    const std::string vocab = vocab_with({"he", "ll"});
    for (const char* text : {"", "#version: 0.2\n", "h e\nl l x\n", "h e\nzz l\n", "h e\nl l\nh e\n"}) parse(vocab, text);
    parse(vocab + std::string(attn::model::kMaxTokenizerFileBytes, ' '), merges);
    out.push_back(refusal([] { attn::model::load_bpe("/nonexistent/vocab.json", "/nonexistent/merges.txt"); }));
    const attn::model::Bpe bpe = attn::model::parse_bpe(vocab, "h e\nl l\n");
    out.push_back(refusal([&] { attn::model::bpe_decode(bpe, {104, 9999}); }));
}

std::string read_attention(const std::string& bytes, const std::string& name = "patterns.json") {
    return refusal([&] { attn::model::read_attention_file(bytes.data(), bytes.size(), name); });
}

void attention_file_errors(std::vector<std::string>& out) {
    const auto doc = [&](const std::function<void(json&)>& spoil) {
        json d = Content(2, 2, 3, false).json();
        spoil(d);
        out.push_back(read_attention(d.dump()));
    };
    doc([](json& d) { d["tokens"].erase(0); });
    doc([](json& d) { d["tokens"][1] = 2; });
    doc([](json& d) { d["tokens"] = json::array(); });
    doc([](json& d) { d["tokens"] = 5; });
    doc([](json& d) { d.erase("tokens"); });
    doc([](json& d) { d.erase("attention"); });
    doc([](json& d) { d["attention"] = json::array(); });
    doc([](json& d) { d["attention"][0] = json::array(); });
    doc([](json& d) { d["attention"][0][0] = json::array(); });
    doc([](json& d) { d["attention"][0][0][0] = 0.5; });
    doc([](json& d) { d["attention"][0][0][0][0] = json::array({0.5}); }); // a batch dimension left in
    doc([](json& d) { d["attention"][1].erase(0); });
    doc([](json& d) { d["attention"][0][1].push_back(d["attention"][0][1][0]); });
    doc([](json& d) { d["attention"][1][0][2].erase(0); });
    doc([](json& d) { d["attention"][1][0][2] = "0.5 0.5"; });
    doc([](json& d) { d["attention"][0][1][2][1] = "0.5"; });
    doc([](json& d) { d["attention"][0][1][2][1] = -0.25; });
    doc([](json& d) { d["attention"][0][1][2][1] = 0.75; });
    doc([](json& d) { d["causal"] = true; });
    doc([](json& d) { d["causal"] = "yes"; });
    doc([](json& d) { d["model"] = 5; });
    doc([](json& d) { d["casual"] = true; });
    doc([](json& d) { d["version"] = 2; });
    doc([](json& d) { d.erase("version"); });
    doc([](json& d) { d.erase("format"); });
    doc([](json& d) { d["format"] = "attnviz-attention-2"; });
    Content nan(1, 1, 2, false);
    nan.at(0, 0, 1, 1) = std::numeric_limits<float>::quiet_NaN();
    out.push_back(read_attention(nan.safetensors(), "patterns.safetensors"));
    const std::string text = Content(1, 1, 2, false).json().dump();
    out.push_back(read_attention(text.substr(0, text.size() / 2)));
    out.push_back(read_attention(R"({"format": "attnviz-attention", "version": 1, "tokens": ["a"], "attention": [[[[NaN]]]]})"));
    out.push_back(read_attention(R"({"format": "attnviz-attention", "version": 1, "tokens": ["a"], "attention": [[[[2e400]]]]})"));
    out.push_back(read_attention(R"({"format": "attnviz-attention", "version": 1, "tokens": ["a"], "attention": [[[[1 1]]]]})"));
    out.push_back(read_attention(""));
    out.push_back(read_attention(std::string("ab\0", 3)));
    out.push_back(read_attention("hello"));
    const auto st = [&](const std::function<void(json&)>& spoil) {
        out.push_back(read_attention(Content(1, 2, 2, false).safetensors("F32", spoil), "patterns.safetensors"));
    };
    st([](json& h) { h["__metadata__"].erase("format"); });
    st([](json& h) { h["__metadata__"]["casual"] = "true"; });
    st([](json& h) { h["__metadata__"]["version"] = "2"; });
    st([](json& h) { h["__metadata__"].erase("version"); });
    st([](json& h) { h["__metadata__"]["causal"] = "yes"; });
    st([](json& h) { h["__metadata__"].erase("tokens"); });
    st([](json& h) { h["__metadata__"]["tokens"] = "[\"a\", "; });
    st([](json& h) { h["__metadata__"]["tokens"] = "{}"; });
    st([](json& h) { h["__metadata__"]["tokens"] = "[\"a\", 2]"; });
    st([](json& h) { h["weights"] = h["attention"], h.erase("attention"); });
    st([](json& h) { h["attention"]["shape"] = {2, 4}; });
    st([](json& h) { h["attention"]["shape"] = {1, 1, 2, 2, 2}; });
    st([](json& h) { h["attention"]["shape"] = {1, 2, 1, 4}; });
    st([](json& h) { h["attention"]["dtype"] = "I32"; });
    st([](json& h) { h["attention"]["shape"] = {0, 2, 2, 2}, h["attention"]["data_offsets"] = {0, 0}; });
    {
        TinyModel m; // model weights opened as attention
        m.write();
        std::ifstream in(m.weights_path(), std::ios::binary);
        out.push_back(read_attention(std::string(std::istreambuf_iterator<char>(in), {}), "model.safetensors"));
    }
    out.push_back(refusal([] { attn::model::check_attention_shape("patterns.json", 1, 1, attn::model::kMaxAttentionTokens + 1); }));
    out.push_back(refusal([] { attn::model::check_attention_shape("patterns.json", 48, 25, 1024); }));
    out.push_back(read_attention("{" + std::string(attn::model::kMaxAttentionJsonBytes, ' ') + "}"));
    out.push_back(refusal([] { attn::model::read_attention_file(std::string("/nonexistent/patterns.json")); }));
    // A dtype the header allows but the converter does not: what the desktop's streamed read refuses.
    const std::string i32 = Content(1, 1, 2, false).safetensors("F32", [](json& h) { h["attention"]["dtype"] = "I32"; });
    const auto* bytes = reinterpret_cast<const unsigned char*>(i32.data());
    const attn::model::SafetensorsHeader parsed = attn::model::parse_safetensors_bytes("patterns.safetensors", bytes, i32.size());
    std::vector<float> weights(4);
    out.push_back(refusal([&] { attn::model::convert_to_f32("patterns.safetensors", parsed.tensors.at(0), bytes, weights.data()); }));
}

void scenario_file_errors(std::vector<std::string>& out) {
    const auto scenario = [&](const std::string& text) { out.push_back(refusal([&] { attn::scenario_from_string(text); })); };
    for (const char* text : {
             R"({"tokens": ["a", "b"], "temperature": "2"})",
             R"({"tokens": ["a", "b"], "heads": 1.5})",                       // an integer
             R"({"tokens": ["a", "b"], "embedding": {"dim": 4, "seed": -1}})", // an integer ≥ 0
             R"({"tokens": ["a", "b"], "embedding": {"dim": 4, "seed": "x"}})",
             R"({"tokens": ["a", "b"], "scale": 1})",
             R"({"tokens": ["a", 2]})",
             R"({"text": "a b", "tokenizer": 1})",
             R"({"text": "a b", "tokenizer": "letters"})",
             R"({"tokens": ["a", "b"], "embeddings": 1})",
             R"({"tokens": ["a", "b"], "embeddings": [1, 2]})",
             R"({"tokens": ["a", "b"], "embeddings": [[1], 2]})",
             R"({"tokens": "a b"})",
             R"({"tokens": ["a", "b"], "embedding": 4})",
             R"({"tokens": ["a", "b"], "mask": 1})",
             R"({"tokens": ["a", "b"], "projections": 1})",
             R"([1])",
             R"({"tokens": ["a", "b"], "colour": 1})",
             R"({"tokens": ["a", "b"], "heads": 9223372036854775807})",
             R"({"tokens": ["a", "b"], "embeddings": [[1], [2], [3]]})",
             R"({"version": 2, "tokens": ["a", "b"], "source": {"tokens": [], "embeddings": []}})",
             R"({"tokens": ["a", "b"], "embeddings": [[], []]})",
             R"({"tokens": ["a", "b"], "embeddings": [[1, 2], [3]]})",
             R"({"tokens": ["a", "b"], "text": "a b"})",
             R"({"heads": 1})",
             R"({"tokens": ["a", "b"], "embedding": {"dim": 4}, "embeddings": [[1], [2]]})",
             R"({"tokens": ["a", "b"], "embedding": {"dim": 0}})",
             R"({"tokens": ["a", "b"], "heads": 0})",
             R"({"tokens": ["a", "b"], "projections": {"seed": 1, "wq": [[1]]}})",
             R"({"tokens": ["a", "b"], "embeddings": [[1], [2]], "projections": {"wq": [[1]], "wk": [[1]], "wv": [[1]]}})",
             R"({"version": 2, "tokens": ["a", "b"], "source": {"embedding": {"seed": 1}}})",
             R"({"version": 2, "tokens": ["a", "b"], "source": 1})",
             R"({"version": 2, "tokens": ["a", "b"], "source": {"tokens": ["x"], "embedding": 1}})",
             R"({"version": 7, "tokens": ["a", "b"]})",
             R"({"version": 1, "tokens": ["a", "b"], "source": {"tokens": ["x"]}})",
             R"({"tokens": ["a", "b"], "heads": 1)",
             R"({"tokens": ["a", "b"], "temperature": 1e999})"})
        scenario(text);
    std::string words;
    for (int i = 0; i <= attn::kMaxTokens; ++i) words += "w ";
    scenario(json{{"text", words}}.dump());
    scenario(json{{"version", 2}, {"tokens", {"a"}}, {"source", {{"text", words}}}}.dump());
    json wide = json::array({json::array()});
    for (int i = 0; i <= attn::kMaxTokens; ++i) wide[0].push_back(1);
    wide.push_back({1});
    scenario(json{{"tokens", {"a", "b"}}, {"embeddings", wide}}.dump());
    scenario(std::string(attn::kMaxScenarioBytes + 1, ' '));
    // JSON has no infinity, but a json built in C++ (the page API's) may hold one.
    out.push_back(refusal([] {
        attn::scenario_from_json({{"tokens", {"a", "b"}}, {"embeddings", {{1.0}, {std::numeric_limits<double>::infinity()}}}});
    }));
    const auto training = [&](const std::string& text) {
        out.push_back(refusal([&] { attn::train::config_from_json(json::parse(text)); }));
    };
    for (const char* text : {R"([])", R"({"task": "copy", "speed": 1})", R"({})", R"({"task": "dance"})", R"({"task": 5})",
                             R"({"task": "copy", "seed": -1})", R"({"task": "copy", "learning_rate": "x"})",
                             R"({"task": "copy", "causal": 1})", R"({"task": "copy", "optimizer": "lion"})",
                             R"({"task": "copy", "batch_size": 100000})"})
        training(text);
}

// nlohmann/json's parse errors, each part of them: as a config.json (the error with its id),
// as a scenario (without it) and alone.
void json_syntax_errors(std::vector<std::string>& out) {
    for (const char* text : {"", "tru", "[1 2]", "{\"a\" 1}", "{1: 2}", "{\"a\": 1 \"b\": 2}", "[1}", "{\"a\": 1]", "]", "}", ":",
                             ",", "[", "1 true", "1 false", "1 null", "1 \"s\"", "1 2", "1 [", "1 {", "\"abc", "\"a\nb\"", "\"a\x01\"",
                             "\"\xff\"", "\"\\u12\"", "\"\\x\"", "\"\\uD800\"", "\"\\uDC00\"", "-x", "1.x", "1e+x", "\xEF\xBB"}) {
        out.push_back(refusal([&] { attn::model::parse_gpt2_config(text, "config.json"); }));
        out.push_back(refusal([&] { attn::scenario_from_string(text); }));
    }
    // nlohmann/json's message alone: what the File… menu says of a file that is not JSON (ui/files.cpp).
    for (const char* text : {"{\"a\": tru}", "{\"a\": 1e999}"}) {
        try {
            out.push_back(json::parse(text).dump()); // not reached: fails the test below
        } catch (const json::exception& e) {
            out.push_back(e.what());
        }
    }
}

} // namespace

std::vector<std::string> core_file_errors() {
    std::vector<std::string> out;
    model_folder_errors(out);
    tokenizer_errors(out);
    attention_file_errors(out);
    scenario_file_errors(out);
    json_syntax_errors(out);
    return out;
}

std::vector<std::string> unreachable_file_errors() {
    using attn::ui::tr;
    return {
        // A read failing after the file opened: an I/O error no test can cause portably.
        "model.safetensors: " + tr("en", "error.st_read_length"),
        "model.safetensors: " + tr("en", "error.st_read_data", {{"tensor", "wte.weight"}}),
        "patterns.json: " + tr("en", "error.read_failed"),
        // read_attention_file() parses only text that starts with '{', which JSON reads as an object.
        "patterns.json: " + tr("en", "error.att_json_object", {{"type", "array"}}),
        // Every matrix's row count is fixed (T, T_s, d ≤ kMaxTokens) and checked first.
        "embeddings: " + tr("en", "error.too_many_rows", {{"n", "513"}, {"max", "512"}}),
        // vocab.json's reader is told of binary values only by binary formats, never by JSON text.
        "vocab.json: " + tr("en", "error.bpe_id_type", {{"key", "\"a\""}, {"got", "binary data"}}),
        // parse_example() handles every task kind.
        "example: " + tr("en", "error.unknown_task"),
        // Built by the page in English like the core's (web/model_loader.js): a folder without
        // its four files, the shipped model's download failing.
        tr("en", "error.page_missing_files", {{"missing", "vocab.json, merges.txt"}, {"found", "config.json, model.safetensors"}}),
        tr("en", "error.page_shipped_failed", {{"error", "models/fortunes-gpt2/model.safetensors: too short to be a safetensors "
                                                          "file (3 bytes)"}}),
    };
}
