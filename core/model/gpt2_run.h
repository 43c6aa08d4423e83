// attnviz core: GPT-2's forward pass over one sequence (Radford et al., 2019; Hugging Face's
// GPT2Model), float32, keeping what the panels show for every layer and head.
//
// Tokens are appended: the causal mask means earlier positions never see later ones, so
// their keys, values, attention rows and outputs stay valid, and appending n tokens costs
// n positions' forward (the "KV cache"). Buffers grow 64 tokens at a time and are reused
// after clear().
//
// Attention rows are stored packed (row i holds i + 1 entries, at offset i(i+1)/2): the
// layout does not change as the sequence grows, and the masked half takes no memory.
#pragma once
#include "gpt2_weights.h"
#include <cstdint>
#include <vector>

namespace attn::model {

class Gpt2Run {
public:
    explicit Gpt2Run(const Gpt2Model& model); // the model must outlive the run

    // Runs the forward pass for `ids` after the tokens already there. Throws ModelError (file
    // "input") before changing anything when an id is outside the vocabulary, the sequence
    // would pass n_positions, or the activations would not fit the model's memory budget.
    void append(const std::vector<int>& ids);
    void clear(); // back to no tokens; keeps the buffers for the next sequence
    // Keeps the first `length` tokens (a text edited after them): what they computed does
    // not depend on the tokens after them, so it stays valid.
    void truncate(int length);

    int length() const { return length_; }
    const std::vector<int>& ids() const { return ids_; }
    const Gpt2Config& config() const { return model_.config; }

    const float* layer_input(int layer) const; // ln_1's output, [length × n_embd]
    const float* qkv(int layer) const;         // [length × 3·n_embd]: Q | K | V, head h at h·d_head of each
    const float* head_outputs(int layer) const; // [length × n_embd]: head h's weighted sums at h·d_head (before c_proj)
    const float* scores_row(int layer, int head, int query) const;  // query + 1 scores q·k/√d
    const float* weights_row(int layer, int head, int query) const; // query + 1 softmax weights
    const float* final_hidden() const;         // ln_f's output, [length × n_embd]

    // The vocabulary-sized logits after `position` (computed now, only for that position).
    std::vector<float> logits(int position) const;

    // Bytes a run of `tokens` positions keeps (what the budget check adds to the weights).
    static std::uint64_t activation_bytes(const Gpt2Config& config, std::int64_t tokens);

private:
    struct Layer {
        std::vector<float> layer_input, qkv, head_outputs;
        std::vector<std::vector<float>> scores, weights; // per head, packed rows
    };
    const Gpt2Model& model_;
    std::vector<int> ids_;
    int length_ = 0;
    std::int64_t room_ = 0; // tokens the per-position buffers are reserved for
    std::vector<Layer> layers_;
    std::vector<float> final_hidden_;
    // Scratch for the positions being appended, reused.
    std::vector<float> residual_, normed_, mlp_, attention_rows_;

    void forward(int first, int count);
};

} // namespace attn::model
