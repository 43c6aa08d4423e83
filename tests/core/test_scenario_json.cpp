// The JSON format: defaults, every parser error (each naming its field), round trips,
// and the result JSON.
#include "core/error.h"
#include "core/result.h"
#include "core/scenario_json.h"
#include "test_helpers.h"
#include <nlohmann/json.hpp>

using namespace attn;
using nlohmann::json;
using attn::test::require_near;

namespace {

std::string error_for(const std::string& text) {
    return attn::test::error_message([&] { scenario_from_string(text); });
}

std::string error_for_json(const json& j) {
    return attn::test::error_message([&] { scenario_from_json(j); });
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

} // namespace

TEST_CASE("defaults", "[json]") {
    const Scenario s = scenario_from_string(R"({"tokens": ["a", "b"]})");
    CHECK(s.tokens == std::vector<std::string>{"a", "b"});
    CHECK(s.embedding_source == EmbeddingSource::Seeded);
    CHECK(s.embedding_dim == 4);
    CHECK(s.embedding_seed == 0);
    CHECK(s.heads == 1);
    CHECK(s.projections == ProjectionKind::Identity);
    CHECK(s.scale);
    CHECK(s.temperature == 1.0);
    CHECK(s.mask == MaskKind::None);
    CHECK(s.positional == Positional::None);
    CHECK(s.tokenizer == Tokenizer::Words);
}

TEST_CASE("every key read", "[json]") {
    const Scenario s = scenario_from_string(R"({
        "version": 1, "text": "自注意力", "tokenizer": "chars",
        "embeddings": [[1,2],[3,4],[5,6],[7,8]], "heads": 2,
        "projections": {"wq": [[1,0],[0,1]], "wk": [[2,0],[0,2]], "wv": [[0,1],[1,0]], "wo": [[1,1],[0,1]]},
        "scale": false, "temperature": 0.5,
        "mask": [[1,0,0,0],[1,1,0,0],[0,1,1,0],[1,1,1,1]], "positional": "sinusoidal"})");
    CHECK(s.text == "自注意力");
    CHECK(s.tokenizer == Tokenizer::Chars);
    CHECK(token_count(s) == 4);
    CHECK(s.embeddings(3, 1) == 8);
    CHECK(s.heads == 2);
    CHECK(s.projections == ProjectionKind::Explicit);
    CHECK(s.wk(1, 1) == 2);
    CHECK(s.wo(0, 1) == 1);
    CHECK_FALSE(s.scale);
    CHECK(s.temperature == 0.5);
    CHECK(s.mask == MaskKind::Explicit);
    CHECK(s.mask_matrix(2, 0) == 0);
    CHECK(s.positional == Positional::Sinusoidal);
    const Scenario seeded = scenario_from_string(
        R"({"tokens": ["a"], "embedding": {"dim": 8, "seed": 18446744073709551615}, "projections": {"seed": 3}, "mask": "causal"})");
    CHECK(seeded.embedding_dim == 8);
    CHECK(seeded.embedding_seed == 18446744073709551615ull);
    CHECK(seeded.projections == ProjectionKind::Seeded);
    CHECK(seeded.projection_seed == 3);
    CHECK(seeded.mask == MaskKind::Causal);
}

TEST_CASE("structural errors name the field", "[json][errors]") {
    CHECK(error_for(R"({"tokens": ["a"], "colour": 1})") ==
          "colour: unknown key; known keys are version, tokens, text, tokenizer, embeddings, embedding, heads, "
          "projections, scale, temperature, mask, positional, source");
    CHECK(starts_with(error_for(R"({"tokens": ["a"], "embedding": {"dims": 4}})"),
                      "embedding.dims: unknown key; known keys are dim, seed"));
    CHECK(starts_with(error_for(R"({"tokens": ["a"], "projections": {"wq": [[1]], "bias": 1}})"), "projections.bias: unknown key"));
    CHECK(error_for(R"([1, 2])") == "expected a JSON object (a scenario), got array");
    CHECK(error_for(R"({"version": 3, "tokens": ["a"]})") == "version: unsupported version 3; this build reads versions 1 to 2");
    CHECK(error_for(R"({"tokens": ["a"], "text": "a"})") == "tokens: give either tokens or text, not both");
    CHECK(starts_with(error_for(R"({"heads": 1})"), "tokens: missing"));
    CHECK(starts_with(error_for(R"({"tokens": ["a"], "embeddings": [[1]], "embedding": {"dim": 1}})"), "embeddings: give either"));
}

TEST_CASE("wrong types name the field", "[json][errors]") {
    CHECK(error_for(R"({"tokens": "a b"})") == "tokens: expected an array of strings, got string");
    CHECK(error_for(R"({"tokens": ["a", 3]})") == "tokens[1]: expected a string, got number");
    CHECK(error_for(R"({"text": 5})") == "text: expected a string, got number");
    CHECK(error_for(R"({"text": "a", "tokenizer": "bpe"})") == R"(tokenizer: expected one of "words", "chars", got "bpe")");
    CHECK(error_for(R"({"tokens": ["a"], "heads": "2"})") == "heads: expected an integer, got string");
    CHECK(error_for(R"({"tokens": ["a"], "heads": 1.5})") == "heads: expected an integer, got number");
    CHECK(error_for(R"({"tokens": ["a"], "scale": 1})") == "scale: expected true or false, got number");
    CHECK(error_for(R"({"tokens": ["a"], "temperature": "hot"})") == "temperature: expected a number, got string");
    CHECK(error_for(R"({"tokens": ["a"], "mask": "future"})") == R"(mask: expected one of "none", "causal", got "future")");
    CHECK(error_for(R"({"tokens": ["a"], "positional": "learned"})") ==
          R"(positional: expected one of "none", "sinusoidal", got "learned")");
    CHECK(error_for(R"({"tokens": ["a"], "projections": "random"})") ==
          R"(projections: expected one of "identity", got "random")");
    CHECK(error_for(R"({"tokens": ["a"], "embedding": {"seed": -1}})") == "embedding.seed: expected an integer ≥ 0, got -1");
    CHECK(error_for(R"({"tokens": ["a"], "embedding": 4})") ==
          R"(embedding: expected an object {"dim": d, "seed": s}, got number)");
}

TEST_CASE("wrong shapes say expected vs got", "[json][errors]") {
    const std::string three = R"({"tokens": ["a", "b", "c"], )";
    CHECK(error_for(three + R"("embeddings": [[1,2,3],[4,5,6],[7,8]]})") == "embeddings[2]: expected 3 numbers, got 2");
    CHECK(error_for(three + R"("embeddings": [[1,2,3],[4,5,6]]})") == "embeddings: expected 3 rows, got 2");
    CHECK(error_for(three + R"("embeddings": [[1,2,3],[4,"x",6],[7,8,9]]})") == "embeddings[1][1]: expected a number, got string");
    CHECK(error_for(three + R"("embeddings": [[],[],[]]})") == "embeddings[0]: expected at least 1 number");
    CHECK(error_for(three + R"("mask": [[1,0,0],[1,1,0]]})") == "mask: expected 3 rows, got 2");
    CHECK(error_for(three + R"("mask": [[1,0,0],[1,1],[1,1,1]]})") == "mask[1]: expected 3 numbers, got 2");
    CHECK(error_for(three + R"("mask": [[1,0,0],[1,1,0],[1,2,1]]})") == "mask[2][1]: expected 0 or 1, got 2.000000");
    CHECK(error_for(R"({"tokens": ["a"], "embedding": {"dim": 2},
                        "projections": {"wq": [[1,0],[0,1]], "wk": [[1,0],[0,1]], "wv": [[1,0],[0,1]]}})") ==
          "projections.wo: missing (give all of wq, wk, wv, wo)");
    CHECK(error_for(R"({"tokens": ["a"], "embedding": {"dim": 2},
                        "projections": {"wq": [[1,0],[0,1]], "wk": [[1,0,0],[0,1,0]], "wv": [[1,0],[0,1]], "wo": [[1,0],[0,1]]}})") ==
          "projections.wk[0]: expected 2 numbers, got 3");
    CHECK(error_for(R"({"tokens": ["a"], "projections": {"seed": 1, "wq": [[1]]}})") ==
          "projections: give either seed or wq, wk, wv, wo, not both");
}

TEST_CASE("non-finite numbers are refused", "[json][errors]") {
    CHECK(error_for(R"({"tokens": ["a"], "temperature": 1e999})") == "JSON: number overflow parsing '1e999'");
    json j = {{"tokens", {"a"}}, {"embeddings", {{1.0, std::numeric_limits<double>::quiet_NaN()}}}};
    CHECK(error_for_json(j) == "embeddings[0][1]: not a finite number");
    j = {{"tokens", {"a"}}, {"temperature", std::numeric_limits<double>::infinity()}};
    CHECK(error_for_json(j) == "temperature: not a finite number");
}

TEST_CASE("semantic errors from validate() name the field", "[json][errors]") {
    CHECK(error_for(R"({"tokens": ["a"], "heads": 3})") == "heads: d_model = 4 is not divisible by 3 heads");
    CHECK(error_for(R"({"tokens": ["a"], "embedding": {"dim": 32}, "heads": 17})") == "heads: must be 1 … 16 (kMaxHeads), got 17");
    CHECK(error_for(R"({"tokens": ["a"], "embedding": {"dim": 300}})") == "embedding.dim: must be 1 … 256 (kMaxModelDim), got 300");
    CHECK(error_for(R"({"tokens": ["a"], "temperature": 0})") == "temperature: must be a finite number > 0, got 0.000000");
    CHECK(error_for(R"({"tokens": ["a"], "temperature": -2})") == "temperature: must be a finite number > 0, got -2.000000");
    CHECK(error_for(R"({"tokens": []})") == "tokens: must be at least 1, got 0");
    CHECK(error_for(R"({"text": ""})") == "text: contains no tokens");
    CHECK(error_for(R"({"tokens": ["a", ""]})") == "tokens[1]: a token must not be empty");
    json many = {{"tokens", std::vector<std::string>(10000, "w")}};
    CHECK(error_for_json(many) == "tokens: 10000 tokens exceed the limit of 512 (kMaxTokens)");
}

TEST_CASE("invalid UTF-8 and JSON syntax errors", "[json][errors]") {
    // Through a json built in C++ the bytes reach our own check, which names the byte.
    CHECK(error_for_json(json{{"text", "ok \xC0\xAF"}}) == "text: invalid UTF-8 at byte 3");
    CHECK(error_for_json(json{{"tokens", {"a", "\xED\xA0\x80"}}}) == "tokens[1]: invalid UTF-8 at byte 0");
    // In JSON text the parser itself refuses it, with its position.
    CHECK(starts_with(error_for(std::string("{\"text\": \"ok \xC0\xAF\"}")), "JSON syntax error (byte "));
    const std::string syntax = error_for(R"({"tokens": ["a",]})");
    CHECK(starts_with(syntax, "JSON syntax error (byte 17): parse error at line 1, column 17"));
    CHECK(starts_with(error_for(""), "JSON syntax error (byte 1)"));
}

TEST_CASE("scenario_to_json round-trips", "[json]") {
    const char* sources[] = {
        R"({"tokens": ["the", "cat"]})",
        R"({"text": "自注意力机制", "tokenizer": "chars", "embedding": {"dim": 6, "seed": 12345678901234567890},
            "heads": 3, "projections": {"seed": 7}, "scale": false, "temperature": 0.3, "mask": "causal",
            "positional": "sinusoidal"})",
        R"({"tokens": ["a", "b"], "embeddings": [[0.1, -0.2], [1e-300, 12345.678901234567]],
            "projections": {"wq": [[1,0],[0,1]], "wk": [[0.5,0],[0,2]], "wv": [[0,1],[1,0]], "wo": [[0.1234567890123,1],[0,1]]},
            "mask": [[1,0],[0,0]]})"};
    for (const char* source : sources) {
        INFO(source);
        const Scenario s = scenario_from_string(source);
        const json once = scenario_to_json(s);
        const Scenario back = scenario_from_json(json::parse(once.dump()));
        CHECK(scenario_to_json(back) == once);
        // And the numbers computed from it are identical.
        require_near(compute(back)->output, compute(s)->output, 0);
    }
}

TEST_CASE("scenario_to_json writes text or tokens but not both", "[json]") {
    Scenario s;
    s.tokens = {"a"};
    json j = scenario_to_json(s);
    CHECK(j.contains("tokens"));
    CHECK_FALSE(j.contains("text"));
    CHECK(j["embedding"] == json{{"dim", 4}, {"seed", 0}});
    s.text = "hello";
    j = scenario_to_json(s);
    CHECK(j["text"] == "hello");
    CHECK(j["tokenizer"] == "words");
    CHECK_FALSE(j.contains("tokens"));
}

TEST_CASE("result_to_json holds every intermediate", "[json]") {
    const auto r = compute(scenario_from_string(
        R"({"tokens": ["a", "b"], "embeddings": [[1, 0], [0, 1]], "heads": 2, "mask": "causal", "scale": false})"));
    const json j = result_to_json(*r);
    CHECK(j["tokens"] == json{"a", "b"});
    CHECK(j["d_model"] == 2);
    CHECK(j["num_heads"] == 2);
    CHECK(j["d_k"] == 1);
    CHECK(j["scale_factor"] == 1.0);
    REQUIRE(j["heads"].size() == 2);
    for (const char* key : {"q", "k", "v", "scores", "logits", "weights", "output", "entropy"})
        CHECK(j["heads"][0].contains(key));
    CHECK(j["heads"][0]["logits"][0][1].is_null()); // masked
    CHECK(j["heads"][0]["logits"][0][0] == 1.0);
    CHECK(j["heads"][0]["weights"][0] == json{1.0, 0.0});
    CHECK(j["x"] == json{{1.0, 0.0}, {0.0, 1.0}});
    CHECK(j["concat"].size() == 2);
    CHECK(j["output"].size() == 2);
    // Doubles survive the text form exactly.
    const Scalar third = r->head[0].weights(1, 0);
    CHECK(json::parse(j.dump())["heads"][0]["weights"][1][0].get<double>() == third);
}

TEST_CASE("finite inputs that overflow are refused naming the field, never shown as masked cells") {
    CHECK_THROWS_WITH(compute(scenario_from_string(R"({"tokens": ["a", "b"], "embeddings": [[1e300, 1], [1, 1e300]]})")),
                      Catch::Contains("embeddings") && Catch::Contains("overflow"));
    CHECK_THROWS_WITH(compute(scenario_from_string(R"({"tokens": ["a", "b"], "embeddings": [[1, 0], [0, 1]], "temperature": 1e-320})")),
                      Catch::Contains("temperature"));
    // A causal mask's −∞ logits are not an overflow.
    CHECK_NOTHROW(compute(scenario_from_string(R"({"tokens": ["a", "b"], "mask": "causal"})")));
}

TEST_CASE("oversized matrices are refused before anything is allocated") {
    json j = {{"tokens", {"a", "b"}}};
    j["embeddings"] = json::array({json(std::vector<double>(100000, 0.0)), json::array({1.0})});
    CHECK_THROWS_WITH(scenario_from_json(j), Catch::Contains("embeddings[0]") && Catch::Contains("too many numbers"));
}

TEST_CASE("blank tokens and control characters are refused") {
    CHECK_THROWS_WITH(scenario_from_string(R"({"tokens": ["a", " \t"]})"), Catch::Contains("tokens[1]") && Catch::Contains("blank"));
    CHECK_THROWS_WITH(scenario_from_string(R"({"tokens": ["a\u0000b"]})"), Catch::Contains("tokens[0]") && Catch::Contains("control"));
}

TEST_CASE("version 2: a cross-attention source reads, round-trips and is refused by name when wrong", "[json][source]") {
    const Scenario s = scenario_from_string(
        R"({"version": 2, "tokens": ["a", "b"], "embeddings": [[1, 0], [0, 1]],
            "source": {"tokens": ["x", "y", "z"], "embeddings": [[1, 1], [2, 0], [0, 3]]}, "mask": [[1, 0, 1], [1, 1, 0]]})");
    CHECK(s.has_source);
    CHECK(s.source.tokens.size() == 3);
    CHECK(s.mask_matrix.cols() == 3);
    const nlohmann::json written = scenario_to_json(s);
    CHECK(written["version"] == 2);
    CHECK(scenario_to_json(scenario_from_json(written)) == written);
    // Self-attention is still written as version 1, so older readers keep reading it.
    CHECK(scenario_to_json(scenario_from_string(R"({"tokens": ["a"]})"))["version"] == 1);
    CHECK(error_for(R"({"version": 1, "tokens": ["a"], "source": {"tokens": ["x"]}})") ==
          "source: needs \"version\": 2 (version 1 has self-attention only)");
    CHECK(error_for(R"({"tokens": ["a"], "source": {"tokens": ["x"], "text": "x"}})") ==
          "source.tokens: give either tokens or text, not both or neither");
    CHECK(error_for(R"({"tokens": ["a"], "embeddings": [[1, 2]], "source": {"tokens": ["x"], "embeddings": [[1]]}})") ==
          "source.embeddings[0]: expected 2 numbers, got 1");
    CHECK(error_for(R"({"tokens": ["a"], "source": {"tokens": ["x"]}, "mask": "causal"})") ==
          "mask: \"causal\" is for self-attention; with a source give \"none\" or a T×T_s matrix");
    CHECK(error_for(R"({"tokens": ["a"], "source": {"tokens": ["x", "y"]}, "mask": [[1]]})") ==
          "mask[0]: expected 2 numbers, got 1");
    CHECK(starts_with(error_for(R"({"tokens": ["a"], "source": {"tokens": [""]}})"), "source.tokens[0]: a token must not be empty"));
    CHECK(starts_with(error_for(R"({"tokens": ["a"], "source": {"tokens": ["x"], "seed": 1}})"), "source.seed: unknown key"));
}

TEST_CASE("scenario JSON text: kMaxScenarioBytes parses and one byte more is refused before parsing", "[json][limits]") {
    const std::string scenario = R"({"tokens": ["a", "b"]})";
    std::string at_limit = scenario + std::string(kMaxScenarioBytes - scenario.size(), ' ');
    CHECK(scenario_from_string(at_limit).tokens.size() == 2);
    at_limit += ' ';
    CHECK(error_for(at_limit) == "the scenario's JSON text is 16777217 bytes, over the limit of 16777216 (kMaxScenarioBytes)");
}

TEST_CASE("an unknown key with control characters is named escaped so the message is whole", "[json]") {
    CHECK(error_for("{\"tokens\": [\"a\"], \"\\u0000x\": 1}").rfind("\"\\u0000x\": unknown key", 0) == 0);
}
