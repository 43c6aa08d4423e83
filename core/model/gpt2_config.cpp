#include "gpt2_config.h"
#include "model_error.h"
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

namespace attn::model {

namespace {

// Far above any GPT-2 (gpt2-xl: 48 layers, 1600 wide, 50257 tokens) and small enough that
// products of two of them cannot overflow 64 bits; real limits come from the memory check.
constexpr std::int64_t kMaxDimension = 1 << 24;

int positive_int(const nlohmann::json& config, const std::string& file, const char* key, bool required, int fallback) {
    if (!config.contains(key) || config[key].is_null()) {
        if (required) throw ModelError(file, std::string("'") + key + "' is missing");
        return fallback;
    }
    const nlohmann::json& v = config[key];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > kMaxDimension)
        throw ModelError(file, std::string("'") + key + "' must be a whole number 1…" + std::to_string(kMaxDimension) +
                                   ", got " + v.dump());
    return v.get<int>();
}

} // namespace

Gpt2Config parse_gpt2_config(const std::string& json_text, const std::string& file) {
    nlohmann::json config;
    try {
        config = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range for 1e999
        throw ModelError(file, std::string("not valid JSON: ") + e.what());
    }
    if (!config.is_object()) throw ModelError(file, "expected a JSON object");
    if (config.contains("model_type") && config["model_type"] != "gpt2")
        throw ModelError(file, "'model_type' is " + config["model_type"].dump() + ": only GPT-2 models (\"gpt2\") are supported");

    Gpt2Config c;
    c.n_layer = positive_int(config, file, "n_layer", true, 0);
    c.n_head = positive_int(config, file, "n_head", true, 0);
    c.n_embd = positive_int(config, file, "n_embd", true, 0);
    c.vocab_size = positive_int(config, file, "vocab_size", true, 0);
    // Old configs name the context n_ctx.
    c.n_positions = positive_int(config, file, "n_positions", false, positive_int(config, file, "n_ctx", false, 0));
    if (c.n_positions == 0) throw ModelError(file, "'n_positions' is missing");
    c.n_inner = positive_int(config, file, "n_inner", false, 0);
    if (c.n_inner == 0) {
        if (4LL * c.n_embd > kMaxDimension) throw ModelError(file, "'n_embd' must be at most " + std::to_string(kMaxDimension / 4) +
                                                  " when n_inner is null (its MLP is 4·n_embd wide, at most " + std::to_string(kMaxDimension) + ")");
        c.n_inner = 4 * c.n_embd;
    }
    if (c.n_embd % c.n_head != 0)
        throw ModelError(file, "'n_embd' " + std::to_string(c.n_embd) + " is not a multiple of 'n_head' " + std::to_string(c.n_head));

    if (config.contains("layer_norm_epsilon")) {
        const nlohmann::json& eps = config["layer_norm_epsilon"];
        if (!eps.is_number() || !(eps.get<double>() > 0) || eps.get<double>() > 1)
            throw ModelError(file, "'layer_norm_epsilon' must be a number in (0, 1], got " + eps.dump());
        c.layer_norm_epsilon = eps.get<float>();
    }
    if (config.contains("activation_function")) {
        const nlohmann::json& act = config["activation_function"];
        if (act != "gelu_new" && act != "gelu_pytorch_tanh")
            throw ModelError(file, "'activation_function' is " + act.dump() +
                                       ": only GPT-2's \"gelu_new\" (tanh approximation) is supported");
    }
    if (config.contains("scale_attn_weights")) {
        if (!config["scale_attn_weights"].is_boolean()) throw ModelError(file, "'scale_attn_weights' must be true or false");
        c.scale_attn_weights = config["scale_attn_weights"].get<bool>();
    }
    for (const char* unsupported : {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"})
        if (config.contains(unsupported) && config[unsupported] == true)
            throw ModelError(file, std::string("'") + unsupported + "' is true: not supported");
    return c;
}

Gpt2Config load_gpt2_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelError(path, "cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_gpt2_config(text.str(), path);
}

std::uint64_t gpt2_weight_bytes(const Gpt2Config& c) {
    // In double, saturating: a config's sizes (each < 2^24) can multiply past 64 bits, and
    // the estimate must then refuse, not wrap around to a small number.
    const double e = c.n_embd, inner = c.n_inner;
    const double per_layer = 2 * e                 // ln_1
                             + e * 3 * e + 3 * e   // c_attn
                             + e * e + e           // attn.c_proj
                             + 2 * e               // ln_2
                             + e * inner + inner   // mlp.c_fc
                             + inner * e + e;      // mlp.c_proj
    return saturating_bytes(4 * (static_cast<double>(c.vocab_size) * e + static_cast<double>(c.n_positions) * e +
                                 c.n_layer * per_layer + 2 * e));
}

std::uint64_t saturating_bytes(double bytes) {
    return bytes >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(bytes);
}

} // namespace attn::model
