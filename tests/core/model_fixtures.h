// Model-folder and attention-file fixtures shared by the core tests and the UI's error tests
// (tests/ui/test_error_text_files.cpp): valid files that each test spoils before writing, so
// every refusal the core can give is produced from real bytes.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace attn::test {

// A tiny GPT-2 (1 layer, 1 head, n_embd 2, vocabulary 3, 4 positions) as a folder, whose
// tensors and header each test can spoil before writing.
struct TinyModel {
    struct Tensor {
        std::string name, dtype = "F32";
        std::vector<std::int64_t> shape;
        std::vector<float> values;
    };
    std::vector<Tensor> tensors;
    nlohmann::json config = {{"n_layer", 1}, {"n_head", 1}, {"n_embd", 2}, {"n_positions", 4}, {"vocab_size", 3},
                             {"layer_norm_epsilon", 1e-5}, {"activation_function", "gelu_new"}};
    std::string folder;

    TinyModel() {
        static int counter = 0;
        // The process id too: CTest runs test cases (and the UI's tests) as parallel processes.
        folder = (std::filesystem::temp_directory_path() /
                  ("attnviz_model_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter))).string();
        std::filesystem::remove_all(folder);
        std::filesystem::create_directories(folder);
        add("wte.weight", {3, 2});
        add("wpe.weight", {4, 2});
        for (const char* ln : {"h.0.ln_1", "h.0.ln_2", "ln_f"}) {
            add(std::string(ln) + ".weight", {2}, 1.0f);
            add(std::string(ln) + ".bias", {2});
        }
        add("h.0.attn.c_attn.weight", {2, 6});
        add("h.0.attn.c_attn.bias", {6});
        add("h.0.attn.c_proj.weight", {2, 2});
        add("h.0.attn.c_proj.bias", {2});
        add("h.0.mlp.c_fc.weight", {2, 8});
        add("h.0.mlp.c_fc.bias", {8});
        add("h.0.mlp.c_proj.weight", {8, 2});
        add("h.0.mlp.c_proj.bias", {2});
    }
    ~TinyModel() { std::filesystem::remove_all(folder); }

    void add(const std::string& name, std::vector<std::int64_t> shape, float value = 0.5f) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        tensors.push_back({name, "F32", shape, std::vector<float>(static_cast<size_t>(n), value)});
    }
    Tensor& tensor(const std::string& name) {
        for (Tensor& t : tensors)
            if (t.name == name) return t;
        throw std::logic_error("no tensor " + name);
    }
    void remove(const std::string& name) {
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(), [&](const Tensor& t) { return t.name == name; }), tensors.end());
    }
    std::string weights_path() const { return folder + "/model.safetensors"; }

    // The header as the format wants it; `edit` may change it before it is written.
    nlohmann::json header() const {
        nlohmann::json h = nlohmann::json::object();
        std::uint64_t offset = 0;
        for (const Tensor& t : tensors) {
            const std::uint64_t bytes = t.values.size() * 4;
            h[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
            offset += bytes;
        }
        return h;
    }
    void write(const nlohmann::json& h, std::int64_t cut_bytes = 0) const {
        std::ofstream(folder + "/config.json") << config.dump();
        write_raw(h.dump(), cut_bytes);
    }
    void write() const { write(header()); }
    void write_raw(const std::string& header_text, std::int64_t cut_bytes = 0, std::int64_t length_override = -1) const {
        std::string bytes(8, '\0');
        const std::uint64_t length = length_override >= 0 ? static_cast<std::uint64_t>(length_override) : header_text.size();
        for (int i = 0; i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<char>(length >> (8 * i) & 0xff);
        bytes += header_text;
        for (const Tensor& t : tensors) bytes.append(reinterpret_cast<const char*>(t.values.data()), t.values.size() * 4);
        bytes.resize(bytes.size() - static_cast<size_t>(cut_bytes));
        std::ofstream(weights_path(), std::ios::binary) << bytes;
    }
};

// A valid file's content, which each test spoils before encoding it. The weights are
// powers of two (exact in float16 and bfloat16): query i gives key 0 weight 1/2 and splits
// the other half over the rest of its keys (the keys ≤ i when causal), key 1 taking it all
// when it is the only one; a row with one key puts everything on it.
struct Content {
    int layers, heads, t;
    bool causal;
    std::vector<std::string> tokens;
    std::vector<float> weights;
    nlohmann::json meta = {{"format", "attnviz-attention"}, {"version", 1}, {"model", "tiny"}};

    Content(int layers_, int heads_, int t_, bool causal_) : layers(layers_), heads(heads_), t(t_), causal(causal_) {
        for (int i = 0; i < t; ++i) tokens.push_back(i % 2 ? " tok" + std::to_string(i) : "自" + std::to_string(i));
        for (int l = 0; l < layers; ++l)
            for (int h = 0; h < heads; ++h)
                for (int i = 0; i < t; ++i) {
                    const int keys = causal ? i + 1 : t;
                    for (int j = 0; j < t; ++j) {
                        float w = 0;
                        if (keys == 1) w = j == 0 ? 1.0f : 0.0f;
                        else if (j == 0) w = 0.5f;
                        else if (keys == 2 || keys == 3 || keys == 5) w = j < keys ? 0.5f / static_cast<float>(keys - 1) : 0;
                        else w = j == 1 + (l + h + i) % (keys - 1) ? 0.5f : 0.0f; // the other half on one key
                        weights.push_back(w);
                    }
                }
    }
    float& at(int l, int h, int i, int j) { return weights[((static_cast<size_t>(l) * heads + h) * t + i) * t + j]; }

    nlohmann::json json() const {
        nlohmann::json doc = meta;
        doc["tokens"] = tokens;
        nlohmann::json attention = nlohmann::json::array();
        size_t k = 0;
        for (int l = 0; l < layers; ++l) {
            nlohmann::json layer = nlohmann::json::array();
            for (int h = 0; h < heads; ++h) {
                nlohmann::json rows = nlohmann::json::array();
                for (int i = 0; i < t; ++i) {
                    nlohmann::json row = nlohmann::json::array();
                    for (int j = 0; j < t; ++j) row.push_back(weights[k++]);
                    rows.push_back(row);
                }
                layer.push_back(rows);
            }
            attention.push_back(layer);
        }
        doc["attention"] = attention;
        return doc;
    }

    // Safetensors bytes: metadata as strings, the data F32, F16 or BF16 (the weights are
    // exact in all three); `header_edit` may spoil the header before it is written.
    template <class Edit> std::string safetensors(const std::string& dtype, Edit&& header_edit) const {
        std::string data;
        for (float w : weights) {
            std::uint32_t bits;
            std::memcpy(&bits, &w, 4);
            if (dtype == "F32") data.append(reinterpret_cast<const char*>(&w), 4);
            else {
                std::uint16_t half = static_cast<std::uint16_t>(bits >> 16); // bfloat16: exact for these weights
                if (dtype == "F16") { // normal float32 → IEEE half, exact for powers of two ≥ 2⁻¹⁴, and 0
                    const int exponent = static_cast<int>(bits >> 23 & 0xff) - 127 + 15;
                    half = w == 0 ? 0 : static_cast<std::uint16_t>(exponent << 10 | (bits >> 13 & 0x3ff));
                }
                data.append(reinterpret_cast<const char*>(&half), 2);
            }
        }
        nlohmann::json strings = nlohmann::json::object();
        for (const auto& [key, value] : meta.items()) strings[key] = value.is_string() ? value.template get<std::string>() : value.dump();
        strings["tokens"] = nlohmann::json(tokens).dump();
        nlohmann::json header = {{"__metadata__", strings},
                                 {"attention", {{"dtype", dtype}, {"shape", {layers, heads, t, t}}, {"data_offsets", {0, data.size()}}}}};
        header_edit(header);
        return with_length(header.dump()) + data;
    }
    std::string safetensors(const std::string& dtype = "F32") const {
        return safetensors(dtype, [](nlohmann::json&) {});
    }
    static std::string with_length(const std::string& header_text) {
        std::string bytes(8, '\0');
        for (int i = 0; i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<char>(header_text.size() >> (8 * i) & 0xff);
        return bytes + header_text;
    }
};

// GPT-2's byte alphabet written out: ids 0…255 in byte order, then `extra` tokens from 256.
inline std::string vocab_with(const std::vector<std::string>& extra) {
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b) {
        char32_t c = static_cast<char32_t>(b);
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        if (!printable) c = b <= 0x20 ? 0x100 + b : b <= 0xA0 ? 0x121 + (b - 0x7F) : 0x143; // 0xAD
        std::string utf8; // all below U+0800: one or two bytes
        if (c < 0x80) utf8 += static_cast<char>(c);
        else utf8 += {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
        vocab[utf8] = b;
    }
    for (std::size_t i = 0; i < extra.size(); ++i) vocab[extra[i]] = 256 + static_cast<int>(i);
    return vocab.dump();
}

} // namespace attn::test
