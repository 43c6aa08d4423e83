#include "gpt2_run.h"
#include "kernels.h"
#include "model_error.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attn::model {

namespace {

std::ptrdiff_t packed_row(int i) { return static_cast<std::ptrdiff_t>(i) * (i + 1) / 2; }

// Room for `size` elements, reserving `room` ≥ size when it must move: buffers grow by a
// block of tokens at a time (kGrowthTokens), not by doubling, so the memory check holds.
template <class T> void grow(std::vector<T>& v, std::int64_t size, std::int64_t room) {
    if (static_cast<std::int64_t>(v.capacity()) < size) v.reserve(static_cast<size_t>(std::max(size, room)));
    if (static_cast<std::int64_t>(v.size()) < size) v.resize(static_cast<size_t>(size));
}

// Typing one token at a time moves the buffers once every 64 tokens, and a sequence
// over-reserves by at most 63 tokens.
constexpr std::int64_t kGrowthTokens = 64;

} // namespace

Gpt2Run::Gpt2Run(const Gpt2Model& model) : model_(model), layers_(static_cast<size_t>(model.config.n_layer)) {
    for (Layer& layer : layers_) {
        layer.scores.resize(static_cast<size_t>(model.config.n_head));
        layer.weights.resize(static_cast<size_t>(model.config.n_head));
    }
}

std::uint64_t Gpt2Run::activation_bytes(const Gpt2Config& c, std::int64_t tokens) {
    const double t = static_cast<double>(tokens), e = c.n_embd;
    const double per_layer = 5 * e * t + c.n_head * t * (t + 1); // inputs, QKV, head outputs; scores + weights
    const double scratch = t * (2 * e + c.n_inner + t);
    return saturating_bytes(4 * (c.n_layer * per_layer + e * t + scratch));
}

void Gpt2Run::append(const std::vector<int>& ids) {
    const Gpt2Config& c = model_.config;
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= c.vocab_size)
            throw ModelError("input", "token id " + std::to_string(ids[i]) + " at position " + std::to_string(length_ + i) +
                                          " is outside the vocabulary (0…" + std::to_string(c.vocab_size - 1) + ")");
    const std::int64_t total = length_ + static_cast<std::int64_t>(ids.size());
    if (total > c.n_positions)
        throw ModelError("input", std::to_string(total) + " tokens, but the model's n_positions allows at most " +
                                      std::to_string(c.n_positions));
    const std::uint64_t weights = gpt2_weight_bytes(c) + model_.lm_head.size() * 4;
    const std::uint64_t activations = activation_bytes(c, total);
    const std::uint64_t needed = activations > model_.memory_budget ? activations : weights + activations;
    if (needed > model_.memory_budget) {
        char text[160];
        std::snprintf(text, sizeof text, "%lld tokens need %.2f GiB with the weights, more than the %.2f GiB available",
                      static_cast<long long>(total), static_cast<double>(needed) / (1u << 30),
                      static_cast<double>(model_.memory_budget) / (1u << 30));
        throw ModelError("input", text);
    }
    if (ids.empty()) return;
    // Reserve up to the next block of tokens when that fits too.
    const std::int64_t block = std::min<std::int64_t>(c.n_positions, (total + kGrowthTokens - 1) / kGrowthTokens * kGrowthTokens);
    room_ = std::max(room_, activation_bytes(c, block) <= model_.memory_budget - weights ? block : total);
    ids_.insert(ids_.end(), ids.begin(), ids.end());
    forward(length_, static_cast<int>(ids.size()));
    length_ = static_cast<int>(total);
}

void Gpt2Run::clear() {
    ids_.clear();
    length_ = 0;
}

void Gpt2Run::truncate(int length) {
    if (length < 0 || length >= length_) return;
    ids_.resize(static_cast<size_t>(length));
    length_ = length;
}

void Gpt2Run::forward(int first, int count) {
    const Gpt2Config& c = model_.config;
    const int e = c.n_embd, d = c.head_dim(), inner = c.n_inner, end = first + count;
    const float scale = c.scale_attn_weights ? 1.0f / std::sqrt(static_cast<float>(d)) : 1.0f;
    const float eps = c.layer_norm_epsilon;
    const std::ptrdiff_t row0 = static_cast<std::ptrdiff_t>(first) * e; // first new row of an n_embd-wide buffer

    const std::int64_t room = std::max<std::int64_t>(room_, end);
    grow(residual_, static_cast<std::int64_t>(count) * e, 0);
    float* x = residual_.data();
    for (int r = 0; r < count; ++r) {
        const float* token = model_.wte.data() + static_cast<std::ptrdiff_t>(ids_[static_cast<size_t>(first + r)]) * e;
        const float* position = model_.wpe.data() + static_cast<std::ptrdiff_t>(first + r) * e;
        for (int i = 0; i < e; ++i) x[static_cast<std::ptrdiff_t>(r) * e + i] = token[i] + position[i];
    }
    grow(normed_, static_cast<std::int64_t>(count) * e, 0);
    grow(mlp_, static_cast<std::int64_t>(count) * inner, 0);
    grow(attention_rows_, static_cast<std::int64_t>(count) * end, 0);

    for (int l = 0; l < c.n_layer; ++l) {
        Layer& L = layers_[static_cast<size_t>(l)];
        const Gpt2Block& b = model_.blocks[static_cast<size_t>(l)];
        grow(L.layer_input, static_cast<std::int64_t>(end) * e, room * e);
        grow(L.qkv, static_cast<std::int64_t>(end) * 3 * e, room * 3 * e);
        grow(L.head_outputs, static_cast<std::int64_t>(end) * e, room * e);
        float* input = L.layer_input.data() + row0;
        kernels::layer_norm(x, e, count, e, b.ln_1_weight.data(), b.ln_1_bias.data(), eps, input, e);
        kernels::matmul(input, e, b.c_attn_weight.data(), 3 * e, L.qkv.data() + 3 * row0, 3 * e, count, 3 * e, e,
                        b.c_attn_bias.data(), false);

        for (int h = 0; h < c.n_head; ++h) {
            const float* q = L.qkv.data() + 3 * row0 + h * d;
            const float* k = L.qkv.data() + e + h * d;
            const float* v = L.qkv.data() + 2 * e + h * d;
            float* rows = attention_rows_.data();
            kernels::matmul_abt(q, 3 * e, k, 3 * e, rows, end, count, end, d, scale);
            std::vector<float>& scores = L.scores[static_cast<size_t>(h)];
            std::vector<float>& weights = L.weights[static_cast<size_t>(h)];
            grow(scores, packed_row(end), packed_row(static_cast<int>(room)));
            grow(weights, packed_row(end), packed_row(static_cast<int>(room)));
            for (int r = 0; r < count; ++r) {
                const int i = first + r; // query i sees keys 0…i (the causal mask)
                float* row = rows + static_cast<std::ptrdiff_t>(r) * end;
                std::copy(row, row + i + 1, scores.begin() + packed_row(i));
                kernels::softmax(row, i + 1);
                std::copy(row, row + i + 1, weights.begin() + packed_row(i));
                std::fill(row + i + 1, row + end, 0.0f);
            }
            kernels::matmul(rows, end, v, 3 * e, L.head_outputs.data() + row0 + h * d, e, count, d, end, nullptr, false);
        }
        // x += heads·c_proj + b, then x += c_proj(gelu(c_fc(ln_2(x)))): the two residual branches.
        kernels::matmul(L.head_outputs.data() + row0, e, b.attn_proj_weight.data(), e, x, e, count, e, e,
                        b.attn_proj_bias.data(), true);
        kernels::layer_norm(x, e, count, e, b.ln_2_weight.data(), b.ln_2_bias.data(), eps, normed_.data(), e);
        kernels::matmul(normed_.data(), e, b.c_fc_weight.data(), inner, mlp_.data(), inner, count, inner, e,
                        b.c_fc_bias.data(), false);
        kernels::gelu_new(mlp_.data(), count * inner);
        kernels::matmul(mlp_.data(), inner, b.mlp_proj_weight.data(), e, x, e, count, e, inner, b.mlp_proj_bias.data(), true);
    }
    grow(final_hidden_, static_cast<std::int64_t>(end) * e, room * e);
    kernels::layer_norm(x, e, count, e, model_.ln_f_weight.data(), model_.ln_f_bias.data(), eps, final_hidden_.data() + row0, e);
}

const float* Gpt2Run::layer_input(int layer) const { return layers_[static_cast<size_t>(layer)].layer_input.data(); }
const float* Gpt2Run::qkv(int layer) const { return layers_[static_cast<size_t>(layer)].qkv.data(); }
const float* Gpt2Run::head_outputs(int layer) const { return layers_[static_cast<size_t>(layer)].head_outputs.data(); }
const float* Gpt2Run::final_hidden() const { return final_hidden_.data(); }

const float* Gpt2Run::scores_row(int layer, int head, int query) const {
    return layers_[static_cast<size_t>(layer)].scores[static_cast<size_t>(head)].data() + packed_row(query);
}
const float* Gpt2Run::weights_row(int layer, int head, int query) const {
    return layers_[static_cast<size_t>(layer)].weights[static_cast<size_t>(head)].data() + packed_row(query);
}

std::vector<float> Gpt2Run::logits(int position) const {
    const Gpt2Config& c = model_.config;
    std::vector<float> out(static_cast<size_t>(c.vocab_size));
    kernels::matmul_abt(final_hidden_.data() + static_cast<std::ptrdiff_t>(position) * c.n_embd, c.n_embd,
                        model_.output_embedding(), c.n_embd, out.data(), c.vocab_size, 1, c.vocab_size, c.n_embd, 1.0f);
    return out;
}

} // namespace attn::model
