// attnviz training: the model trained in the playground and its hand-derived gradients.
//
//   X = E[tokens] (+ PE)            or the example's own vectors (classic task)
//   Q = X·W_Q, K = X·W_K, V = X·W_V                      (row vectors, Vaswani et al. 2017)
//   head h: P_h = softmax(Q_h·K_hᵀ/√d_k, masked), A_h = P_h·V_h   (contiguous d_k blocks)
//   O = Concat(A_1 … A_h)·W_O
//   Z = O·W_out + b_out              per-token classifier: softmax + cross-entropy, or sigmoid + BCE
//
// There is deliberately no residual connection: the only way a token's classifier learns
// anything about other tokens is through the attention weights, so the pattern must form.
//
// The arithmetic uses plain loops in a fixed order (no Eigen products, no SIMD reductions),
// so the same seed gives bit-identical numbers natively and in WebAssembly.
#pragma once
#include "core/matrix.h"
#include "task.h"
#include <vector>

namespace attn::train {

struct ModelShape {
    int vocabulary = 0;  // token ids (0: the input is vectors, no embedding table)
    int input_dim = 0;   // columns of the input vectors when vocabulary is 0
    int d_model = 16;
    int heads = 1;
    int classes = 1;
    OutputKind output = OutputKind::Softmax;
    bool positional = false;
    bool causal = false;
};

struct Parameters {
    Matrix embedding;      // vocabulary×d_model (empty for vector input)
    Matrix wq, wk, wv, wo; // d_in×d_model for W_Q, W_K, W_V (d_in = d_model with an embedding); W_O d_model×d_model
    Matrix w_out;          // d_model×classes
    Matrix b_out;          // 1×classes
};

std::vector<Matrix*> tensors(Parameters& p);             // every parameter, in a fixed order
std::vector<const Matrix*> tensors(const Parameters& p);
std::vector<const char*> tensor_names();                 // "embedding", "W_Q", …, same order
Parameters zeros_like(const Parameters& p);

// Glorot-uniform weights, embeddings uniform in [−1, 1), zero bias; deterministic in `seed`.
Parameters initial_parameters(const ModelShape& shape, std::uint64_t seed);

// Everything the forward pass computed for one example; the backward pass reads it.
struct Forward {
    Matrix x;                    // T×d_in
    Matrix q, k, v;              // T×d_model
    std::vector<Matrix> weights; // per head, T×T
    Matrix concat;               // T×d_model
    Matrix output;               // T×d_model: concat·W_O
    Matrix logits;               // T×classes: output·W_out + b_out
    Matrix probabilities;        // T×classes: softmax rows, or sigmoid
    double loss_sum = 0;         // summed over scored tokens
    int scored = 0;              // tokens with a target
    int correct = 0;             // scored tokens predicted right
};

Forward forward(const ModelShape& shape, const Parameters& p, const Example& example);

// Adds d(loss)/d(parameters) for this example to `grad`, where the loss being
// differentiated is f.loss_sum · loss_scale (a batch mean uses 1 / scored tokens).
void backward(const ModelShape& shape, const Parameters& p, const Example& example, const Forward& f,
              double loss_scale, Parameters& grad);

// The predicted class of token i (sigmoid: 1 when p ≥ ½).
int predicted_class(const ModelShape& shape, const Forward& f, int token);

} // namespace attn::train
