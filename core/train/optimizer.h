// attnviz training: plain SGD and Adam (Kingma & Ba 2015, Algorithm 1, with bias correction).
#pragma once
#include "model.h"

namespace attn::train {

enum class OptimizerKind { Adam, Sgd };

struct OptimizerState {
    OptimizerKind kind = OptimizerKind::Adam;
    double learning_rate = 0.01;
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    int t = 0;             // updates applied
    double beta1_power = 1, beta2_power = 1; // β₁ᵗ and β₂ᵗ, kept by multiplication: the same bits everywhere
    Parameters m, v;       // Adam's first and second moment estimates
};

OptimizerState make_optimizer(OptimizerKind kind, double learning_rate, const Parameters& like);

// SGD:  θ ← θ − lr·g
// Adam: m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − lr·m̂ / (√v̂ + ε),
//       with m̂ = m / (1−β₁ᵗ), v̂ = v / (1−β₂ᵗ).
void apply_update(OptimizerState& state, const Parameters& gradient, Parameters& parameters);

} // namespace attn::train
