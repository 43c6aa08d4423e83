// attnviz core: a GPT-2 model's config.json (Hugging Face's GPT2Config keys), checked.
#pragma once
#include <cstdint>
#include <string>

namespace attn::model {

struct Gpt2Config {
    int n_layer = 0;
    int n_head = 0;
    int n_embd = 0;
    int n_positions = 0;           // longest sequence the position table covers
    int vocab_size = 0;
    int n_inner = 0;               // MLP width; config.json's null means 4·n_embd
    float layer_norm_epsilon = 1e-5f;
    bool scale_attn_weights = true; // scores divided by √d_head

    int head_dim() const { return n_embd / n_head; }
};

// Throws ModelError naming `file_name` and the key. Accepts activation_function
// "gelu_new" (GPT-2's tanh form) or its alias "gelu_pytorch_tanh"; refuses the rest.
Gpt2Config parse_gpt2_config(const std::string& json_text, const std::string& file_name);
Gpt2Config load_gpt2_config(const std::string& path);

// Bytes of the float32 weights (wte, wpe, every block, ln_f), without a separate lm_head.
std::uint64_t gpt2_weight_bytes(const Gpt2Config& config);
std::uint64_t saturating_bytes(double bytes); // a size estimate as bytes, UINT64_MAX past 1.8e19

} // namespace attn::model
