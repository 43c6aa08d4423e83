// A model folder's files, and what is refused: each bad input gets one message naming the
// file and the tensor or key (core/model: safetensors.cpp, gpt2_config.cpp, gpt2_weights.cpp).
#include "core/model/gpt2_run.h"
#include "core/model/gpt2_weights.h"
#include "core/model/model_error.h"
#include "core/model/safetensors.h"
#include "model_fixtures.h"
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using attn::model::ModelError;
namespace fs = std::filesystem;

using attn::test::TinyModel;

template <class Action> std::string model_error(Action&& action) {
    try {
        action();
    } catch (const ModelError& e) {
        return e.what();
    }
    return "accepted";
}

std::string load_error(const TinyModel& m, std::uint64_t budget = attn::model::default_memory_budget()) {
    return model_error([&] { attn::model::load_gpt2(m.folder, budget); });
}

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

} // namespace

TEST_CASE("A well-formed tiny model loads with or without the transformer. prefix", "[model]") {
    TinyModel m;
    SECTION("plain keys") {}
    SECTION("prefixed keys, extra buffers and a BOOL mask are ignored") {
        for (auto& t : m.tensors) t.name = "transformer." + t.name;
        m.add("transformer.h.0.attn.bias", {1, 1, 4, 4});
        m.add("transformer.h.0.attn.masked_bias", {});
    }
    m.write();
    REQUIRE(load_error(m) == "accepted");
    const attn::model::Gpt2Model model = attn::model::load_gpt2(m.folder);
    CHECK(model.wte.size() == 6);
    CHECK(model.lm_head.empty()); // tied to wte
}

TEST_CASE("Truncated or lying safetensors files are refused naming the file", "[model]") {
    TinyModel m;
    SECTION("shorter than the length field") {
        m.write();
        std::ofstream(m.weights_path(), std::ios::binary) << "abc";
        CHECK_THAT(load_error(m), StartsWith(m.weights_path() + ": too short"));
    }
    SECTION("a header length past the end of the file") {
        m.write();
        m.write_raw(m.header().dump(), 0, 1000000);
        CHECK_THAT(load_error(m), StartsWith(m.weights_path() + ": the header claims 1000000 bytes"));
    }
    SECTION("a header that is not JSON") {
        m.write();
        m.write_raw("{\"wte.weight\": [");
        CHECK_THAT(load_error(m), StartsWith(m.weights_path() + ": the header is not valid JSON"));
    }
    SECTION("data cut off: the last tensor's offsets pass the end") {
        m.write(m.header(), 4);
        CHECK_THAT(load_error(m), StartsWith(m.weights_path() + ": tensor 'h.0.mlp.c_proj.bias': data_offsets end at byte"));
        CHECK_THAT(load_error(m), Contains("truncated"));
    }
    SECTION("offsets that disagree with the shape") {
        nlohmann::json h = m.header();
        h["wpe.weight"]["shape"] = {4, 3};
        m.write(h);
        CHECK(load_error(m) == m.weights_path() + ": tensor 'wpe.weight': shape [4, 3] of F32 needs 48 bytes but data_offsets span 32");
    }
    SECTION("a shape whose product overflows") {
        nlohmann::json h = m.header();
        h["wpe.weight"]["shape"] = {4294967296ULL, 4294967296ULL, 8};
        m.write(h);
        CHECK_THAT(load_error(m), Contains("tensor 'wpe.weight': shape [4294967296, 4294967296, 8] of F32 needs more bytes than the file has"));
    }
    SECTION("two tensors over the same bytes") {
        nlohmann::json h = m.header();
        h["wpe.weight"]["data_offsets"] = h["wte.weight"]["data_offsets"];
        h["wpe.weight"]["shape"] = {3, 2};
        m.write(h);
        CHECK_THAT(load_error(m), Contains("overlaps"));
    }
    SECTION("an unknown dtype") {
        nlohmann::json h = m.header();
        h["h.0.ln_2.bias"]["dtype"] = "F23";
        m.write(h);
        CHECK(load_error(m) == m.weights_path() + ": tensor 'h.0.ln_2.bias': unknown dtype 'F23'");
    }
    SECTION("a dtype the reader cannot convert, on a tensor the model needs") {
        nlohmann::json h = m.header();
        h["ln_f.bias"]["dtype"] = "I32";
        m.write(h);
        CHECK(load_error(m) == m.weights_path() + ": tensor 'ln_f.bias' has dtype I32: only F32, F16 and BF16 are supported");
    }
    SECTION("negative offsets") {
        nlohmann::json h = m.header();
        h["wte.weight"]["data_offsets"] = {-8, 16};
        m.write(h);
        CHECK(load_error(m) == m.weights_path() + ": tensor 'wte.weight': data_offsets must be [begin, end]");
    }
}

TEST_CASE("Missing tensors, wrong shapes and a config that disagrees are refused by name", "[model]") {
    TinyModel m;
    SECTION("a missing tensor") {
        m.remove("h.0.mlp.c_fc.bias");
        m.write();
        CHECK(load_error(m) == m.weights_path() + ": tensor 'h.0.mlp.c_fc.bias' is missing");
    }
    SECTION("a wrong shape") {
        m.tensor("h.0.attn.c_attn.weight").shape = {6, 2}; // nn.Linear's layout, not Conv1D's
        m.write();
        CHECK(load_error(m) == m.weights_path() + ": tensor 'h.0.attn.c_attn.weight' has shape [6, 2] but config.json "
                                                  "(n_layer 1, n_embd 2, n_inner 8, n_positions 4, vocab_size 3) needs [2, 6]");
    }
    SECTION("config.json's vocab_size disagrees with wte") {
        m.config["vocab_size"] = 5;
        m.write();
        CHECK_THAT(load_error(m), Contains("tensor 'wte.weight' has shape [3, 2] but config.json"));
    }
    SECTION("the file has more blocks than config.json's n_layer") {
        m.add("h.1.ln_1.weight", {2});
        m.write();
        CHECK(load_error(m) == m.weights_path() + ": tensor 'h.1.ln_1.weight' belongs to block 1 but config.json has n_layer 1");
    }
    SECTION("lm_head.weight of the wrong shape") {
        m.add("lm_head.weight", {2, 3});
        m.write();
        CHECK_THAT(load_error(m), StartsWith(m.weights_path() + ": tensor 'lm_head.weight' has shape [2, 3]"));
    }
}

TEST_CASE("config.json problems are refused naming the key", "[model]") {
    TinyModel m;
    const std::string config = m.folder + "/config.json";
    SECTION("missing key") {
        m.config.erase("n_head");
        m.write();
        CHECK(load_error(m) == config + ": 'n_head' is missing");
    }
    SECTION("not a positive whole number") {
        m.config["n_layer"] = -2;
        m.write();
        CHECK_THAT(load_error(m), StartsWith(config + ": 'n_layer' must be a whole number"));
    }
    SECTION("n_embd not divisible by n_head") {
        m.config["n_head"] = 3;
        m.write();
        CHECK(load_error(m) == config + ": 'n_embd' 2 is not a multiple of 'n_head' 3");
    }
    SECTION("another activation") {
        m.config["activation_function"] = "relu";
        m.write();
        CHECK_THAT(load_error(m), StartsWith(config + ": 'activation_function' is \"relu\""));
    }
    SECTION("another architecture") {
        m.config["model_type"] = "llama";
        m.write();
        CHECK_THAT(load_error(m), StartsWith(config + ": 'model_type' is \"llama\""));
    }
    SECTION("not JSON") {
        m.write();
        std::ofstream(config) << "{n_layer: 1";
        CHECK_THAT(load_error(m), StartsWith(config + ": not valid JSON"));
    }
}

TEST_CASE("A pickled checkpoint is refused with why and how to convert it", "[model]") {
    TinyModel m;
    std::ofstream(m.folder + "/pytorch_model.bin") << "PK\x03\x04 pickle";
    const std::string message = load_error(m);
    CHECK_THAT(message, StartsWith(m.folder + "/pytorch_model.bin: pickled PyTorch checkpoints are not loaded"));
    CHECK_THAT(message, Contains("can run arbitrary code"));
    CHECK_THAT(message, Contains("save_file"));
}

TEST_CASE("Models and sequences that do not fit are refused before allocating", "[model]") {
    TinyModel m;
    m.write();
    SECTION("the weights exceed the memory budget") {
        CHECK_THAT(load_error(m, 100), StartsWith(m.weights_path() + ": the model needs 0.00 GiB (368 bytes)"));
        CHECK_THAT(load_error(m, 100), Contains("bytes) as float32 (n_layer 1, n_embd 2"));
        CHECK_THAT(load_error(m, 100), Contains("more than the 0.00 GiB (100 bytes) available"));
    }
    SECTION("the sequence") {
        const attn::model::Gpt2Model model = attn::model::load_gpt2(m.folder);
        attn::model::Gpt2Run run(model);
        CHECK(model_error([&] { run.append({0, 1, 2, 0, 1}); }) == "input: 5 tokens, but the model's n_positions allows at most 4");
        CHECK(model_error([&] { run.append({0, 3}); }) == "input: token id 3 at position 1 is outside the vocabulary (0…2)");
        CHECK(run.length() == 0); // refused before anything changed
        run.append({0, 1});
        CHECK(model_error([&] { run.append({2, 2, 2}); }) == "input: 5 tokens, but the model's n_positions allows at most 4");
        CHECK(run.length() == 2);
    }
    SECTION("the activations exceed what is left of the budget") {
        // 368 bytes of weights; one token's activations fit in 600 bytes, four do not.
        const attn::model::Gpt2Model model = attn::model::load_gpt2(m.folder, 600);
        attn::model::Gpt2Run run(model);
        run.append({0});
        CHECK_THAT(model_error([&] { run.append({1, 2, 0}); }), StartsWith("input: 4 tokens need"));
        CHECK(run.length() == 1);
    }
}

TEST_CASE("Half and bfloat16 conversions are exact", "[model]") {
    using attn::model::bf16_to_f32;
    using attn::model::f16_to_f32;
    CHECK(f16_to_f32(0x3c00) == 1.0f);
    CHECK(f16_to_f32(0xc100) == -2.5f);
    CHECK(f16_to_f32(0x0001) == 5.9604644775390625e-8f); // the smallest subnormal, 2^-24
    CHECK(f16_to_f32(0x7bff) == 65504.0f);
    CHECK(f16_to_f32(0x7c00) == std::numeric_limits<float>::infinity());
    CHECK(std::isnan(f16_to_f32(0x7e00)));
    CHECK(bf16_to_f32(0x3f80) == 1.0f);
    CHECK(bf16_to_f32(0xc020) == -2.5f);
}

TEST_CASE("Size estimates saturate instead of wrapping around", "[model]") {
    attn::model::Gpt2Config huge;
    huge.n_layer = huge.n_embd = huge.n_inner = huge.n_head = huge.vocab_size = huge.n_positions = 1 << 24;
    CHECK(attn::model::gpt2_weight_bytes(huge) == std::numeric_limits<std::uint64_t>::max());
    CHECK(attn::model::Gpt2Run::activation_bytes(huge, 1 << 24) == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("a config.json number past double's range is refused as bad JSON naming the file", "[model]") {
    try {
        attn::model::parse_gpt2_config(R"({"n_ctx": 11e30828})", "config.json");
        FAIL("accepted");
    } catch (const ModelError& e) {
        CHECK(std::string(e.what()).rfind("config.json: not valid JSON: ", 0) == 0);
    }
}
