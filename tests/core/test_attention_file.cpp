// Attention files (core/model/attention_file.cpp, docs/attention-files.md): what is read from
// JSON and safetensors bytes, and every bad file refused with one message naming the problem.
// The numbers written from Python are checked by tests/reference/attention_file_check.py.
#include "core/model/attention_file.h"
#include "core/model/model_error.h"
#include "model_fixtures.h"
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using attn::model::AttentionFile;
using attn::model::ModelError;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

using attn::test::Content;

AttentionFile read(const std::string& bytes, const std::string& name = "a.file") {
    return attn::model::read_attention_file(bytes.data(), bytes.size(), name);
}

std::string read_error(const std::string& bytes) {
    try {
        read(bytes);
    } catch (const ModelError& e) {
        return e.what();
    }
    return "accepted";
}

// Both encodings of the same content give the same message after the file name.
void require_both_refuse(const Content& c, const std::string& message) {
    CHECK(read_error(c.json().dump()) == "a.file: " + message);
    CHECK(read_error(c.safetensors()) == "a.file: " + message);
}

} // namespace

TEST_CASE("GPT-style and BERT-style attention files are read from JSON and safetensors", "[attention_file]") {
    const bool causal = GENERATE(true, false);
    const Content c(2, 3, 5, causal);
    std::vector<std::pair<std::string, std::string>> encodings = {
        {"json", c.json().dump()}, {"safetensors", c.safetensors("F32")}, {"safetensors", c.safetensors("F16")},
        {"safetensors", c.safetensors("BF16")}};
    for (const auto& [format, bytes] : encodings) {
        INFO(format << (causal ? " causal" : " bidirectional"));
        const AttentionFile f = read(bytes);
        CHECK(f.format == format);
        CHECK(f.model == "tiny");
        CHECK(f.tokens == c.tokens);
        CHECK((f.n_layers == 2 && f.n_heads == 3 && f.T == 5));
        CHECK(f.causal == causal);
        CHECK_FALSE(f.causal_given); // inferred from the zeros above the diagonal
        CHECK(f.weights == c.weights);
        // head() and weight() index [layer][head][query][key], row-major.
        CHECK(f.weight(1, 2, 3, 0) == 0.5f);
        CHECK(f.head(1, 2) == f.weights.data() + (1 * 3 + 2) * 25);
        CHECK(f.weight(0, 1, 4, 2) == c.weights[((0 * 3 + 1) * 5 + 4) * 5 + 2]);
        CHECK(attn::model::is_attention_file(bytes.data(), bytes.size()));
    }
    // JSON saved by an editor that starts files with a UTF-8 byte order mark.
    CHECK(read("\xEF\xBB\xBF\n" + c.json().dump()).weights == c.weights);
}

TEST_CASE("Causal as the file says: checked when true, kept when false", "[attention_file]") {
    Content c(1, 2, 4, true);
    c.meta["causal"] = false; // zeros above the diagonal, but the file says bidirectional
    AttentionFile f = read(c.json().dump());
    CHECK((!f.causal && f.causal_given));
    c.meta["causal"] = true;
    f = read(c.safetensors());
    CHECK((f.causal && f.causal_given));

    Content b(1, 2, 4, false);
    b.meta["causal"] = true;
    require_both_refuse(b, "attention[0][0][0][1] (layer 0, head 0, query 0, key 1) is 0.5 but the file says causal: "
                           "a query attends to no later key, so every weight above the diagonal must be 0");
    b.meta["causal"] = "yes";
    CHECK(read_error(b.json().dump()) == "a.file: causal: expected true or false, got \"yes\"");
    CHECK_THAT(read_error(b.safetensors()), StartsWith("a.file: __metadata__: causal: expected \"true\" or \"false\""));
    // One token: nothing above the diagonal, so nothing to infer from.
    CHECK_FALSE(read(Content(1, 1, 1, true).json().dump()).causal);
}

TEST_CASE("Attention files with the wrong shape are refused naming where", "[attention_file]") {
    Content c(2, 2, 3, false);
    SECTION("a ragged row") {
        nlohmann::json doc = c.json();
        doc["attention"][1][0][2].erase(0);
        CHECK(read_error(doc.dump()) == "a.file: attention[1][0][2]: expected 3 weights (T × T, T = 3), got 2");
    }
    SECTION("a layer with another number of heads") {
        nlohmann::json doc = c.json();
        doc["attention"][1].erase(0);
        CHECK(read_error(doc.dump()) == "a.file: attention[1]: expected 2 heads (as attention[0] has), got 1");
    }
    SECTION("a head with another number of rows") {
        nlohmann::json doc = c.json();
        doc["attention"][0][1].push_back(doc["attention"][0][1][0]);
        CHECK(read_error(doc.dump()) == "a.file: attention[0][1]: expected 3 query rows (T = 3, from attention[0][0]), got 4");
    }
    SECTION("three dimensions in JSON") {
        nlohmann::json doc = c.json();
        doc["attention"] = doc["attention"][0];
        CHECK(read_error(doc.dump()) == "a.file: attention[0][0][0]: expected a non-empty array of weights, got number");
    }
    SECTION("a batch dimension in JSON") {
        nlohmann::json doc = c.json();
        doc["attention"] = nlohmann::json::array({doc["attention"]});
        CHECK_THAT(read_error(doc.dump()), StartsWith("a.file: attention[0][0][0][0]: expected a number, got array: the attention "
                                                      "has exactly 4 dimensions"));
        CHECK_THAT(read_error(doc.dump()), Contains("drop a batch dimension: attentions[layer][0]"));
    }
    SECTION("a weight that is not a number") {
        nlohmann::json doc = c.json();
        doc["attention"][0][1][2][1] = "0.5";
        CHECK(read_error(doc.dump()) == "a.file: attention[0][1][2][1]: expected a number, got \"0.5\"");
    }
    SECTION("empty attention") {
        nlohmann::json doc = c.json();
        doc["attention"] = nlohmann::json::array();
        CHECK(read_error(doc.dump()) == "a.file: attention: expected a non-empty array of layers, got []");
    }
    SECTION("safetensors with five dimensions, three, or rows of another length") {
        const auto reshaped = [&](std::vector<int> shape) {
            return c.safetensors("F32", [&](nlohmann::json& h) { h["attention"]["shape"] = shape; });
        };
        CHECK(read_error(reshaped({2, 1, 2, 3, 3})) ==
              "a.file: tensor 'attention': shape [2, 1, 2, 3, 3] has 5 dimensions, not 4 (layers × heads × T × T; drop the batch "
              "dimension: attentions[layer][0])");
        CHECK(read_error(reshaped({4, 3, 3})) == "a.file: tensor 'attention': shape [4, 3, 3] has 3 dimensions, not 4 (layers × heads × T × T)");
        CHECK(read_error(reshaped({2, 2, 1, 9})) ==
              "a.file: tensor 'attention': shape [2, 2, 1, 9] is not layers × heads × T × T: 1 queries but 9 keys");
        CHECK(read_error(reshaped({2, 2, 0, 0})) ==
              "a.file: tensor 'attention': shape [2, 2, 0, 0] of F32 needs 0 bytes but data_offsets span 144");
    }
    SECTION("a shape whose bytes disagree with the data") {
        const std::string bytes = c.safetensors("F32", [](nlohmann::json& h) { h["attention"]["shape"] = {2, 2, 2, 2}; });
        CHECK(read_error(bytes) == "a.file: tensor 'attention': shape [2, 2, 2, 2] of F32 needs 64 bytes but data_offsets span 144");
    }
}

TEST_CASE("Attention files whose token count is not T are refused", "[attention_file]") {
    Content c(1, 1, 3, true);
    c.tokens.push_back("extra");
    require_both_refuse(c, "tokens: 4 tokens but the attention is 3 × 3 (T = 3): one token per query row");
    c.tokens = {"a", "b"};
    require_both_refuse(c, "tokens: 2 tokens but the attention is 3 × 3 (T = 3): one token per query row");
    nlohmann::json doc = c.json();
    doc["tokens"] = {"a", 2, "c"};
    CHECK(read_error(doc.dump()) == "a.file: tokens[1]: expected a string, got 2");
    const std::string bytes = c.safetensors("F32", [](nlohmann::json& h) { h["__metadata__"]["tokens"] = "a b c"; });
    CHECK_THAT(read_error(bytes), StartsWith("a.file: __metadata__: tokens: not a JSON array of strings: "));
}

TEST_CASE("Weights that are not softmax weights are refused naming the weight", "[attention_file]") {
    Content c(2, 2, 4, false);
    SECTION("a row that does not sum to 1") {
        c.at(1, 0, 2, 0) = 0.25f;
        require_both_refuse(c, "attention[1][0][2] (layer 1, head 0, query 2) sums to 0.75, not 1 (± 0.01): each row must be one "
                               "query's softmax weights over the keys");
    }
    SECTION("rows within ± 0.01 of 1 are kept as written") {
        c.at(0, 1, 3, 0) = 0.5f + 0.0099f;
        c.at(1, 1, 0, 0) = 0.5f - 0.0099f;
        const AttentionFile f = read(c.safetensors());
        CHECK(f.weight(0, 1, 3, 0) == 0.5f + 0.0099f); // never renormalised
        c.at(0, 1, 3, 0) = 0.5f + 0.0101f;
        CHECK_THAT(read_error(c.json().dump()), StartsWith("a.file: attention[0][1][3] (layer 0, head 1, query 3) sums to 1.0101"));
    }
    SECTION("a transposed causal head: its columns, not its rows, sum to 1") {
        Content causal(1, 1, 4, true);
        std::vector<float> transposed(16);
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) transposed[static_cast<size_t>(j * 4 + i)] = causal.at(0, 0, i, j);
        causal.weights = transposed;
        CHECK_THAT(read_error(causal.json().dump()), StartsWith("a.file: attention[0][0][0] (layer 0, head 0, query 0) sums to 2.5"));
    }
    SECTION("NaN") {
        c.at(0, 1, 2, 3) = std::numeric_limits<float>::quiet_NaN();
        CHECK(read_error(c.safetensors()) == "a.file: attention[0][1][2][3] (layer 0, head 1, query 2, key 3) is NaN: weights must be finite");
        // JSON cannot hold NaN; Python's json writes it anyway.
        CHECK_THAT(read_error(R"({"format": "attnviz-attention", "version": 1, "tokens": ["a"], "attention": [[[[NaN]]]]})"),
                   StartsWith("a.file: not valid JSON (NaN or Infinity? JSON has no such numbers, and weights must be finite): "));
    }
    SECTION("infinity") {
        c.at(1, 1, 0, 1) = -std::numeric_limits<float>::infinity();
        CHECK(read_error(c.safetensors()) == "a.file: attention[1][1][0][1] (layer 1, head 1, query 0, key 1) is -Inf: weights must be finite");
        nlohmann::json doc = c.json();
        doc["attention"][1][1][0][1] = 1e300; // finite in JSON, infinite as float32
        CHECK(read_error(doc.dump()) == "a.file: attention[1][1][0][1] (layer 1, head 1, query 0, key 1) is +Inf: weights must be finite");
    }
    SECTION("a negative weight") {
        c.at(0, 0, 1, 2) = -0.125f;
        c.at(0, 0, 1, 0) = 0.625f;
        require_both_refuse(c, "attention[0][0][1][2] (layer 0, head 0, query 1, key 2) is -0.125: weights must be ≥ 0 (softmax "
                               "weights, not scores)");
    }
}

TEST_CASE("Truncated attention files are named as such", "[attention_file]") {
    const Content c(2, 2, 3, true);
    const std::string bytes = c.safetensors();
    CHECK_THAT(read_error(bytes.substr(0, bytes.size() - 1)), StartsWith("a.file: tensor 'attention': data_offsets end at byte 144 but "
                                                                        "the file has only 143 bytes of data (truncated or corrupt file?)"));
    CHECK_THAT(read_error(bytes.substr(0, 40)), StartsWith("a.file: the header claims "));
    CHECK_THAT(read_error(bytes.substr(0, 40)), Contains("(truncated, or not a safetensors file?)"));
    CHECK(read_error(bytes.substr(0, 6)) == "a.file: too short to be a safetensors file (6 bytes; a truncated file?)");
    const std::string text = c.json().dump();
    CHECK(read_error(text.substr(0, text.size() / 2)) == "a.file: the JSON ends early, at byte " + std::to_string(text.size() / 2) +
                                                              " (a truncated file?)");
    CHECK(read_error("") == "a.file: the file is empty");
}

TEST_CASE("A number beyond double's range is a bad file, not a crash", "[attention_file]") {
    // nlohmann throws out_of_range, not parse_error, for these (found by fuzzing).
    const std::string huge = "2e400";
    const Content c(1, 1, 2, false);
    std::string text = c.json().dump();
    text.replace(text.find("0.5"), 3, huge);
    CHECK_THAT(read_error(text), StartsWith("a.file: not valid JSON: [json.exception.out_of_range.406] number overflow parsing '2e400'"));
    const std::string tokens = c.safetensors("F32", [&](nlohmann::json& h) { h["__metadata__"]["tokens"] = "[" + huge + "]"; });
    CHECK_THAT(read_error(tokens), StartsWith("a.file: __metadata__: tokens: not a JSON array of strings: "));
    std::string header = c.safetensors();
    const size_t at = header.find("\"shape\":[1,1,2,2]");
    REQUIRE(at != std::string::npos);
    header.replace(at, 17, "\"shape\":[" + huge + "]");
    header.replace(0, 8, Content::with_length(header.substr(8, header.size() - 8 - 16)).substr(0, 8));
    CHECK_THAT(read_error(header), StartsWith("a.file: the header is not valid JSON: [json.exception.out_of_range.406]"));
}

TEST_CASE("Attention beyond the limits is refused before it is allocated", "[attention_file]") {
    // T = 1025 in a real file: 4.2 MB of F16.
    Content c(1, 1, 1, false);
    const std::string bytes = c.safetensors("F16", [](nlohmann::json& h) {
        h["attention"]["shape"] = {1, 1, 1025, 1025};
        h["attention"]["data_offsets"] = {0, 1025 * 1025 * 2};
    }) + std::string(1025 * 1025 * 2 - 2, '\0');
    CHECK(read_error(bytes) == "a.file: attention: T = 1025 tokens, more than attnviz shows (1024): write a shorter text");
    // 12 × 12 × 1024² is the most; a file one layer larger would be 650 MB, so the check alone.
    CHECK(attn::model::check_attention_shape("f", 12, 12, 1024) == 150994944);
    CHECK(attn::model::check_attention_shape("f", 1, 1, 1024) == 1048576);
    std::string message;
    try {
        attn::model::check_attention_shape("f", 13, 12, 1024);
    } catch (const ModelError& e) {
        message = e.what();
    }
    CHECK(message == "f: attention: 13 layers × 12 heads × 1024² = 163577856 weights (654.311 MB as float32), more than attnviz "
                     "holds (150994944, 12 layers × 12 heads at T = 1024): write fewer layers or a shorter text");
    // JSON is for small inputs: refused by its size before it is parsed.
    const std::string big(attn::model::kMaxAttentionJsonBytes + 1, ' ');
    CHECK_THAT(read_error("{" + big + "}"), StartsWith("a.file: a JSON attention file of 64 MiB, more than the 64 MiB attnviz parses "
                                                       "as JSON: write large attention as safetensors"));
}

TEST_CASE("Files that are not attention files say what they are missing", "[attention_file]") {
    const std::string scenario = R"({"version": 1, "text": "the cat sat", "heads": 2})";
    CHECK_FALSE(attn::model::is_attention_file(scenario.data(), scenario.size()));
    CHECK(read_error(scenario) == "a.file: not an attention file: \"format\": \"attnviz-attention\" is missing (docs/attention-files.md)");
    CHECK(read_error("hello") == "a.file: not an attention file: expected a JSON object or a safetensors file (docs/attention-files.md)");
    CHECK(read_error("[1, 2]") == "a.file: not an attention file: expected a JSON object or a safetensors file (docs/attention-files.md)");

    Content c(1, 1, 2, false);
    c.meta["casual"] = true;
    CHECK(read_error(c.json().dump()) == "a.file: unknown key 'casual'; the keys are format, version, model, causal, tokens, attention");
    CHECK_THAT(read_error(c.safetensors()), StartsWith("a.file: __metadata__: unknown key 'casual'"));
    c.meta.erase("casual");
    c.meta["version"] = 2;
    CHECK(read_error(c.json().dump()) == "a.file: version: expected 1, got 2");
    CHECK(read_error(c.safetensors()) == "a.file: __metadata__: version: expected \"1\", got \"2\"");
    c.meta["version"] = 1;

    // A model checkpoint dropped by mistake.
    const std::string checkpoint = Content::with_length(
        R"({"wte.weight": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "wpe.weight": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})") +
        std::string(8, '\0');
    CHECK(attn::model::is_attention_file(checkpoint.data(), checkpoint.size()));
    CHECK(read_error(checkpoint) == "a.file: not an attention file: __metadata__ has no \"format\": \"attnviz-attention\" and the file "
                                    "holds 2 tensors, not 'attention' (model weights? attnviz-cli model --model DIR runs a GPT-2 "
                                    "folder) (docs/attention-files.md)");
    // The safetensors rule on metadata: strings only.
    const std::string boolean = c.safetensors("F32", [](nlohmann::json& h) { h["__metadata__"]["causal"] = true; });
    CHECK(read_error(boolean) == "a.file: __metadata__: 'causal' is true but the format allows only strings (write \"causal\": \"true\")");
    const std::string f64 = c.safetensors("F32", [](nlohmann::json& h) {
        h["attention"]["dtype"] = "F64";
        h["attention"]["shape"] = {1, 1, 1, 1};
        h["attention"]["data_offsets"] = {0, 8};
    });
    CHECK(read_error(f64) == "a.file: tensor 'attention': dtype F64 is not supported: write F32 (or F16, BF16)");
    const std::string renamed = c.safetensors("F32", [](nlohmann::json& h) {
        h["attentions"] = h["attention"];
        h.erase("attention");
    });
    CHECK(read_error(renamed) == "a.file: no tensor 'attention' (layers × heads × T × T)");
}

TEST_CASE("From a path: safetensors streamed into the weights, the same as from bytes", "[attention_file]") {
    const Content c(2, 3, 4, true);
    const std::string path = (std::filesystem::temp_directory_path() / "attnviz_attention_file_test.safetensors").string();
    for (const std::string& bytes : {c.safetensors("F32"), c.safetensors("BF16"), c.json().dump()}) {
        std::ofstream(path, std::ios::binary) << bytes;
        const AttentionFile from_path = attn::model::read_attention_file(path), from_bytes = read(bytes, path);
        CHECK(from_path.weights == c.weights);
        CHECK((from_path.format == from_bytes.format && from_path.tokens == c.tokens && from_path.causal && from_path.T == 4));
    }
    std::string cut = c.safetensors();
    cut.resize(cut.size() - 4);
    std::ofstream(path, std::ios::binary) << cut;
    const auto path_error = [&] {
        try {
            attn::model::read_attention_file(path);
        } catch (const ModelError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(path_error() == read_error(cut).replace(0, 6, path)); // the same message, naming the path
    std::filesystem::remove(path);
    CHECK(path_error() == path + ": cannot open the file");
}
