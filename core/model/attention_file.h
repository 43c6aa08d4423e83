// attnviz core: attention files — the attention weights of any model, computed outside
// attnviz (a Hugging Face model run with output_attentions=True) and written as JSON (small
// inputs) or safetensors (large ones). docs/attention-files.md is the specification and
// has the Python that writes them.
//
// The reader takes the file's bytes in memory (the page hands in a dropped file's bytes;
// the CLI and the desktop read the file first) and returns plain data, or throws one
// ModelError (core/model/model_error.h) whose message starts with the file's name and then
// names what is wrong: the key, the shape, or the exact weight (layer, head, query, key).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace attn::model {

// Limits. T: GPT-2's context; BERT's is 512. Weights: every head of a 12-layer × 12-head
// model (BERT-base, GPT-2 small) at T = 1024 — 604 MB as float32, which the page holds in
// WebAssembly memory (4 GB at most) next to the dropped file's own bytes. Both are checked
// from the shape, before anything is allocated.
constexpr int kMaxAttentionTokens = 1024;
constexpr std::int64_t kMaxAttentionWeights = std::int64_t{12} * 12 * 1024 * 1024;
// JSON is for small inputs: its parsed tree takes several times the text. 64 MiB holds
// about six million weights (a whole 12 × 12 model at T ≈ 200); beyond, use safetensors.
constexpr std::uint64_t kMaxAttentionJsonBytes = std::uint64_t{64} << 20;
// How far a row's sum may be from 1. Weights rounded to bfloat16 (8 significant bits) are
// each off by at most 2⁻⁸ of themselves, so a row by at most 2⁻⁸ ≈ 0.004; 0.01 leaves a
// margin and still catches scores or logits in place of weights, or a transposed matrix.
constexpr double kAttentionRowTolerance = 0.01;

struct AttentionFile {
    std::string format;              // "json" or "safetensors", as detected from the bytes
    std::string model;               // the file's model name; "" when it gives none
    std::vector<std::string> tokens; // T tokens, as written (the query and key labels)
    int n_layers = 0, n_heads = 0, T = 0;
    bool causal = false;             // GPT-style: every weight above the diagonal is 0
    bool causal_given = false;       // the file said so; otherwise inferred from the weights
    std::vector<float> weights;      // n_layers × n_heads × T × T, row-major; row i = query i

    // Head (layer, head)'s T × T weights, row-major: [query * T + key].
    const float* head(int layer, int head) const {
        return weights.data() + (static_cast<std::size_t>(layer) * n_heads + head) * T * T;
    }
    float weight(int layer, int head, int query, int key) const {
        return this->head(layer, head)[static_cast<std::size_t>(query) * T + key];
    }
};

// Cheap sniff for routing a dropped file: true for safetensors (a model checkpoint too,
// which read_attention_file then refuses by name) and for JSON that mentions
// "attnviz-attention". A scenario file gives false.
bool is_attention_file(const void* bytes, std::size_t size);

// The whole file, checked: the format marker, shapes, the token count against T, and
// every weight finite, ≥ 0, each row summing to 1 (± kAttentionRowTolerance), zeros above
// the diagonal when the file says causal. `name` (a file name) starts every message.
AttentionFile read_attention_file(const void* bytes, std::size_t size, const std::string& name);
// The limits above for a shape [layers, heads, T, T]; returns the number of weights.
std::int64_t check_attention_shape(const std::string& name, std::int64_t layers, std::int64_t heads, std::int64_t t);
// The same from a path (the CLI, the desktop app's --attention FILE).
AttentionFile read_attention_file(const std::string& path);

} // namespace attn::model
