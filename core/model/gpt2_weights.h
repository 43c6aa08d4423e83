// attnviz core: a GPT-2 model's weights, float32, in Hugging Face's layout. Linear layers
// are Conv1D: the weight is [in, out] row-major, so y = x·W + b.
#pragma once
#include "gpt2_config.h"
#include <cstdint>
#include <string>
#include <vector>

namespace attn::model {

struct Gpt2Block {
    std::vector<float> ln_1_weight, ln_1_bias;       // [n_embd]
    std::vector<float> c_attn_weight, c_attn_bias;   // [n_embd, 3·n_embd], [3·n_embd]: Q | K | V
    std::vector<float> attn_proj_weight, attn_proj_bias; // [n_embd, n_embd], [n_embd]
    std::vector<float> ln_2_weight, ln_2_bias;       // [n_embd]
    std::vector<float> c_fc_weight, c_fc_bias;       // [n_embd, n_inner], [n_inner]
    std::vector<float> mlp_proj_weight, mlp_proj_bias; // [n_inner, n_embd], [n_embd]
};

struct Gpt2Model {
    Gpt2Config config;
    std::vector<float> wte;        // [vocab_size, n_embd]: token embeddings, also the output layer
    std::vector<float> wpe;        // [n_positions, n_embd]
    std::vector<Gpt2Block> blocks;
    std::vector<float> ln_f_weight, ln_f_bias;
    std::vector<float> lm_head;    // [vocab_size, n_embd] when the file's differs from wte; else empty (tied)
    std::uint64_t memory_budget = 0; // what this model and its runs may use (load_gpt2's argument)

    const float* output_embedding() const { return lm_head.empty() ? wte.data() : lm_head.data(); }
};

// What a model and its activations may take: nearly all of a 32-bit (WebAssembly) address
// space, or a fixed 32 GiB on 64-bit hosts.
std::uint64_t default_memory_budget();

// Reads DIR/config.json and DIR/model.safetensors; keys with or without "transformer.",
// buffers such as h.N.attn.bias ignored, lm_head.weight optional. Everything is checked
// (names, shapes, dtypes, the memory it will take) before anything large is allocated.
// A folder with only pytorch_model.bin is refused with how to convert it.
Gpt2Model load_gpt2(const std::string& folder, std::uint64_t memory_budget = default_memory_budget());

} // namespace attn::model
