#include "attention_file.h"
#include "model_error.h"
#include "safetensors.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace attn::model {

namespace {

constexpr const char* kFormatMarker = "attnviz-attention";
constexpr const char* kSpec = "docs/attention-files.md";

std::string number_text(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

// "attention[1][0][3]": the JSON path, which names the same weight in both formats.
std::string at(std::initializer_list<std::int64_t> indices) {
    std::string s = "attention";
    for (std::int64_t i : indices) s += "[" + std::to_string(i) + "]";
    return s;
}

// JSON text has no NUL bytes; a safetensors file starts with its header's length as 8
// little-endian bytes, whose top three are 0 for any header under a terabyte.
bool looks_like_safetensors(const unsigned char* bytes, std::size_t size) {
    return size >= 8 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0;
}

std::string known_keys_text(const std::vector<std::string>& keys) {
    std::string s;
    for (const std::string& k : keys) s += (s.empty() ? "" : ", ") + k;
    return s;
}

// The shape, checked against the limits before the weights are allocated.
void set_shape(AttentionFile& file, const std::string& name, std::int64_t layers, std::int64_t heads, std::int64_t t) {
    const std::int64_t count = check_attention_shape(name, layers, heads, t);
    file.n_layers = static_cast<int>(layers);
    file.n_heads = static_cast<int>(heads);
    file.T = static_cast<int>(t);
    file.weights.assign(static_cast<std::size_t>(count), 0.0f);
}

void check_tokens(const AttentionFile& file, const std::string& name) {
    if (static_cast<std::int64_t>(file.tokens.size()) != file.T)
        throw ModelError(name, "tokens: " + std::to_string(file.tokens.size()) + " tokens but the attention is " +
                                   std::to_string(file.T) + " × " + std::to_string(file.T) + " (T = " + std::to_string(file.T) +
                                   "): one token per query row");
}

// What makes them softmax weights, one row per query: finite, ≥ 0, each row summing to
// 1; and, when the file says causal, nothing above the diagonal. Sets causal when the
// file does not say.
void check_weights(AttentionFile& file, const std::string& name) {
    bool upper_zero = true;
    for (int l = 0; l < file.n_layers; ++l)
        for (int h = 0; h < file.n_heads; ++h)
            for (int i = 0; i < file.T; ++i) {
                const float* row = file.head(l, h) + static_cast<std::size_t>(i) * file.T;
                // "attention[l][h][i][j] (layer l, head h, query i, key j)", built only for a message.
                const auto where = [&](int j) {
                    return (j < 0 ? at({l, h, i}) : at({l, h, i, j})) + " (layer " + std::to_string(l) + ", head " +
                           std::to_string(h) + ", query " + std::to_string(i) + (j < 0 ? ")" : ", key " + std::to_string(j) + ")");
                };
                double sum = 0;
                for (int j = 0; j < file.T; ++j) {
                    const float w = row[j];
                    if (!std::isfinite(w))
                        throw ModelError(name, where(j) + " is " + (std::isnan(w) ? "NaN" : w > 0 ? "+Inf" : "-Inf") + ": weights must be finite");
                    if (w < 0) throw ModelError(name, where(j) + " is " + number_text(w) + ": weights must be ≥ 0 (softmax weights, not scores)");
                    if (j > i && w != 0) {
                        if (file.causal_given && file.causal)
                            throw ModelError(name, where(j) + " is " + number_text(w) + " but the file says causal: a query attends to "
                                                   "no later key, so every weight above the diagonal must be 0");
                        upper_zero = false;
                    }
                    sum += w;
                }
                if (std::abs(sum - 1) > kAttentionRowTolerance)
                    throw ModelError(name, where(-1) + " sums to " + number_text(sum) + ", not 1 (± " + number_text(kAttentionRowTolerance) +
                                               "): each row must be one query's softmax weights over the keys");
            }
    if (!file.causal_given) file.causal = file.T > 1 && upper_zero;
}

// ---- JSON ------------------------------------------------------------------------------

const nlohmann::json& json_array(const nlohmann::json& value, const std::string& name, const std::string& path, const char* what) {
    if (!value.is_array() || value.empty())
        throw ModelError(name, path + ": expected a non-empty array of " + what + ", got " +
                                   (value.is_array() ? std::string("[]") : std::string(value.type_name())));
    return value;
}

void refuse_large_json(const std::string& name, std::uint64_t size) {
    if (size > kMaxAttentionJsonBytes)
        throw ModelError(name, "a JSON attention file of " + number_text(static_cast<double>(size) / (1 << 20)) +
                                   " MiB, more than the " + std::to_string(kMaxAttentionJsonBytes >> 20) +
                                   " MiB attnviz parses as JSON: write large attention as safetensors (" + kSpec + ")");
}

AttentionFile read_json(const unsigned char* bytes, std::size_t size, const std::string& name) {
    refuse_large_json(name, size);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(bytes, bytes + size);
    } catch (const nlohmann::json::parse_error& e) {
        if (e.byte >= size)
            throw ModelError(name, "the JSON ends early, at byte " + std::to_string(size) + " (a truncated file?)");
        const std::string text(reinterpret_cast<const char*>(bytes), size);
        const bool non_finite = text.find("NaN") != std::string::npos || text.find("Infinity") != std::string::npos;
        throw ModelError(name, std::string("not valid JSON") +
                                   (non_finite ? " (NaN or Infinity? JSON has no such numbers, and weights must be finite)" : "") +
                                   ": " + e.what());
    } catch (const nlohmann::json::exception& e) { // a number beyond double's range (out_of_range 406)
        throw ModelError(name, std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) throw ModelError(name, std::string("expected a JSON object (") + kSpec + "), got " + doc.type_name());
    const std::vector<std::string> known = {"format", "version", "model", "causal", "tokens", "attention"};
    if (!doc.contains("format") || doc["format"] != kFormatMarker)
        throw ModelError(name, std::string("not an attention file: \"format\": \"") + kFormatMarker + "\" is " +
                                   (doc.contains("format") ? "not what it says" : "missing") + " (" + kSpec + ")");
    for (const auto& [key, value] : doc.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw ModelError(name, "unknown key '" + key + "'; the keys are " + known_keys_text(known));
    if (!doc.contains("version") || doc["version"] != 1)
        throw ModelError(name, "version: expected 1" + (doc.contains("version") ? ", got " + doc["version"].dump() : std::string(" (missing)")));
    AttentionFile file;
    file.format = "json";
    if (doc.contains("model")) {
        if (!doc["model"].is_string()) throw ModelError(name, "model: expected a string (the model's name)");
        file.model = doc["model"].get<std::string>();
    }
    if (doc.contains("causal")) {
        if (!doc["causal"].is_boolean()) throw ModelError(name, "causal: expected true or false, got " + doc["causal"].dump());
        file.causal = doc["causal"].get<bool>();
        file.causal_given = true;
    }
    if (!doc.contains("tokens")) throw ModelError(name, "tokens: missing (the T tokens, as strings)");
    for (const nlohmann::json& token : json_array(doc["tokens"], name, "tokens", "strings")) {
        if (!token.is_string()) throw ModelError(name, "tokens[" + std::to_string(file.tokens.size()) + "]: expected a string, got " + token.dump());
        file.tokens.push_back(token.get<std::string>());
    }
    if (!doc.contains("attention")) throw ModelError(name, "attention: missing (layers × heads × T × T weights)");
    const nlohmann::json& layers = json_array(doc["attention"], name, "attention", "layers");
    const nlohmann::json& heads0 = json_array(layers[0], name, at({0}), "heads");
    const nlohmann::json& rows0 = json_array(heads0[0], name, at({0, 0}), "query rows");
    const nlohmann::json& row0 = json_array(rows0[0], name, at({0, 0, 0}), "weights");
    if (!row0[0].is_number())
        throw ModelError(name, at({0, 0, 0, 0}) + ": expected a number, got " + row0[0].type_name() +
                                   ": the attention has exactly 4 dimensions, layers × heads × T × T (drop a batch "
                                   "dimension: attentions[layer][0] in Hugging Face's output)");
    const std::int64_t t = static_cast<std::int64_t>(rows0.size());
    set_shape(file, name, static_cast<std::int64_t>(layers.size()), static_cast<std::int64_t>(heads0.size()), t);
    check_tokens(file, name);
    float* out = file.weights.data();
    // Every array as long as the first of its level (which set the shape).
    const auto expect_size = [&](const nlohmann::json& v, std::int64_t n, const std::string& path, const std::string& what) {
        if (!v.is_array() || static_cast<std::int64_t>(v.size()) != n)
            throw ModelError(name, path + ": expected " + std::to_string(n) + " " + what + ", got " +
                                       (v.is_array() ? std::to_string(v.size()) : std::string("a ") + v.type_name()));
    };
    const std::string t_text = std::to_string(t);
    for (std::int64_t l = 0; l < file.n_layers; ++l) {
        expect_size(layers[l], file.n_heads, at({l}), "heads (as attention[0] has)");
        for (std::int64_t h = 0; h < file.n_heads; ++h) {
            const nlohmann::json& rows = layers[l][h];
            expect_size(rows, t, at({l, h}), "query rows (T = " + t_text + ", from attention[0][0])");
            for (std::int64_t i = 0; i < t; ++i) {
                const nlohmann::json& row = rows[i];
                expect_size(row, t, at({l, h, i}), "weights (T × T, T = " + t_text + ")");
                for (std::int64_t j = 0; j < t; ++j) {
                    const nlohmann::json& w = row[j];
                    if (!w.is_number()) throw ModelError(name, at({l, h, i, j}) + ": expected a number, got " + w.dump());
                    *out++ = static_cast<float>(w.get<double>()); // exact for float32 values written with ≥ 9 digits
                }
            }
        }
    }
    check_weights(file, name);
    return file;
}

// ---- safetensors -----------------------------------------------------------------------

// Everything but the weights' values: metadata, tokens, the tensor's dtype and shape (the
// weights allocated). Returns the tensor to read them from.
const TensorInfo& read_safetensors_header(const SafetensorsHeader& header, const std::string& name, AttentionFile& file) {
    const auto meta = [&](const char* key) -> const std::string* {
        const auto it = header.metadata.find(key);
        return it == header.metadata.end() ? nullptr : &it->second;
    };
    if (const std::string* format = meta("format"); !format || *format != kFormatMarker) {
        std::string problem = std::string("not an attention file: __metadata__ has no \"format\": \"") + kFormatMarker + "\"";
        if (!meta("format") && header.tensors.size() > 1 && std::none_of(header.tensors.begin(), header.tensors.end(),
                                                                       [](const TensorInfo& t) { return t.name == "attention"; }))
            problem += " and the file holds " + std::to_string(header.tensors.size()) +
                       " tensors, not 'attention' (model weights? attnviz-cli model --model DIR runs a GPT-2 folder)";
        throw ModelError(name, problem + " (" + kSpec + ")");
    }
    const std::vector<std::string> known = {"format", "version", "model", "causal", "tokens"};
    for (const auto& [key, value] : header.metadata)
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw ModelError(name, "__metadata__: unknown key '" + key + "'; the keys are " + known_keys_text(known));
    if (const std::string* version = meta("version"); !version || *version != "1")
        throw ModelError(name, "__metadata__: version: expected \"1\"" + (version ? ", got \"" + *version + "\"" : std::string(" (missing)")));
    file.format = "safetensors";
    if (const std::string* model = meta("model")) file.model = *model;
    if (const std::string* causal = meta("causal")) {
        if (*causal != "true" && *causal != "false")
            throw ModelError(name, "__metadata__: causal: expected \"true\" or \"false\", got \"" + *causal + "\"");
        file.causal = *causal == "true";
        file.causal_given = true;
    }
    const std::string* tokens_text = meta("tokens");
    if (!tokens_text) throw ModelError(name, "__metadata__: tokens: missing (the T tokens as a JSON array of strings, in a string)");
    nlohmann::json tokens;
    try {
        tokens = nlohmann::json::parse(*tokens_text);
    } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range for a huge number
        throw ModelError(name, std::string("__metadata__: tokens: not a JSON array of strings: ") + e.what());
    }
    if (!tokens.is_array()) throw ModelError(name, "__metadata__: tokens: expected a JSON array of strings, got " + std::string(tokens.type_name()));
    for (const nlohmann::json& token : tokens) {
        if (!token.is_string())
            throw ModelError(name, "__metadata__: tokens[" + std::to_string(file.tokens.size()) + "]: expected a string, got " + token.dump());
        file.tokens.push_back(token.get<std::string>());
    }
    const auto tensor = std::find_if(header.tensors.begin(), header.tensors.end(), [](const TensorInfo& t) { return t.name == "attention"; });
    if (tensor == header.tensors.end()) throw ModelError(name, "no tensor 'attention' (layers × heads × T × T)");
    if (tensor->shape.size() != 4)
        throw ModelError(name, "tensor 'attention': shape " + shape_text(tensor->shape) + " has " + std::to_string(tensor->shape.size()) +
                                   " dimensions, not 4 (layers × heads × T × T" +
                                   (tensor->shape.size() == 5 ? "; drop the batch dimension: attentions[layer][0]" : "") + ")");
    if (tensor->shape[2] != tensor->shape[3])
        throw ModelError(name, "tensor 'attention': shape " + shape_text(tensor->shape) + " is not layers × heads × T × T: " +
                                   std::to_string(tensor->shape[2]) + " queries but " + std::to_string(tensor->shape[3]) + " keys");
    if (tensor->dtype == Dtype::Other)
        throw ModelError(name, "tensor 'attention': dtype " + tensor->dtype_name + " is not supported: write F32 (or F16, BF16)");
    set_shape(file, name, tensor->shape[0], tensor->shape[1], tensor->shape[2]);
    check_tokens(file, name);
    return *tensor;
}

AttentionFile read_safetensors(const unsigned char* bytes, std::size_t size, const std::string& name) {
    const SafetensorsHeader header = parse_safetensors_bytes(name, bytes, size);
    AttentionFile file;
    const TensorInfo& tensor = read_safetensors_header(header, name, file); // allocates the weights
    convert_to_f32(name, tensor, bytes, file.weights.data());
    check_weights(file, name);
    return file;
}

} // namespace

std::int64_t check_attention_shape(const std::string& name, std::int64_t layers, std::int64_t heads, std::int64_t t) {
    if (layers < 1 || heads < 1 || t < 1)
        throw ModelError(name, "attention: the shape [" + std::to_string(layers) + ", " + std::to_string(heads) + ", " +
                                   std::to_string(t) + ", " + std::to_string(t) + "] is empty: at least one layer, head and token");
    if (t > kMaxAttentionTokens)
        throw ModelError(name, "attention: T = " + std::to_string(t) + " tokens, more than attnviz shows (" +
                                   std::to_string(kMaxAttentionTokens) + "): write a shorter text");
    // In double: a product of four int64 cannot overflow it, and is exact up to 2⁵³.
    const double count = static_cast<double>(layers) * static_cast<double>(heads) * static_cast<double>(t) * static_cast<double>(t);
    if (count > static_cast<double>(kMaxAttentionWeights))
        throw ModelError(name, "attention: " + std::to_string(layers) + " layers × " + std::to_string(heads) + " heads × " +
                                   std::to_string(t) + "² = " + (count < 1e15 ? std::to_string(static_cast<std::int64_t>(count)) : number_text(count)) +
                                   " weights (" + number_text(count * 4 / 1e6) +
                                   " MB as float32), more than attnviz holds (" + std::to_string(kMaxAttentionWeights) +
                                   ", 12 layers × 12 heads at T = 1024): write fewer layers or a shorter text");
    return static_cast<std::int64_t>(count);
}


bool is_attention_file(const void* bytes, std::size_t size) {
    const auto* b = static_cast<const unsigned char*>(bytes);
    if (looks_like_safetensors(b, size)) return true;
    const std::size_t n = std::strlen(kFormatMarker);
    return std::search(b, b + size, kFormatMarker, kFormatMarker + n) != b + size;
}

AttentionFile read_attention_file(const void* bytes, std::size_t size, const std::string& name) {
    const auto* b = static_cast<const unsigned char*>(bytes);
    if (size == 0) throw ModelError(name, "the file is empty");
    if (looks_like_safetensors(b, size)) return read_safetensors(b, size, name);
    const std::size_t bom = size >= 3 && std::memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; // editors on Windows write one
    const std::size_t first = static_cast<std::size_t>(std::find_if(b + bom, b + size, [](unsigned char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r'; }) - b);
    if (first < size && b[first] == '{') return read_json(b, size, name);
    if (std::find(b, b + std::min<std::size_t>(size, 8), 0) != b + std::min<std::size_t>(size, 8))
        throw ModelError(name, "too short to be a safetensors file (" + std::to_string(size) + " bytes; a truncated file?)");
    throw ModelError(name, std::string("not an attention file: expected a JSON object or a safetensors file (") + kSpec + ")");
}

AttentionFile read_attention_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw ModelError(path, "cannot open the file");
    const std::uint64_t size = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    unsigned char first[8] = {};
    in.read(reinterpret_cast<char*>(first), static_cast<std::streamsize>(std::min<std::uint64_t>(size, 8)));
    if (looks_like_safetensors(first, static_cast<std::size_t>(size))) {
        // Straight from the file into the weights: a 604 MB file needs no second 604 MB.
        SafetensorsFile st(path);
        const SafetensorsHeader header{st.tensors(), st.metadata()};
        AttentionFile file;
        const TensorInfo& tensor = read_safetensors_header(header, path, file); // allocates the weights
        st.read_f32(tensor, file.weights.data());
        check_weights(file, path);
        return file;
    }
    refuse_large_json(path, size); // before reading it all
    std::vector<char> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) throw ModelError(path, "reading the file failed");
    return read_attention_file(bytes.data(), bytes.size(), path);
}

} // namespace attn::model
