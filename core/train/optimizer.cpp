#include "optimizer.h"
#include <cmath>

namespace attn::train {

OptimizerState make_optimizer(OptimizerKind kind, double learning_rate, const Parameters& like) {
    OptimizerState s;
    s.kind = kind;
    s.learning_rate = learning_rate;
    s.m = zeros_like(like);
    s.v = zeros_like(like);
    return s;
}

void apply_update(OptimizerState& state, const Parameters& gradient, Parameters& parameters) {
    ++state.t;
    auto theta = tensors(parameters);
    auto g = tensors(gradient);
    auto m = tensors(state.m);
    auto v = tensors(state.v);
    state.beta1_power *= state.beta1;
    state.beta2_power *= state.beta2;
    for (size_t n = 0; n < theta.size(); ++n) {
        Scalar* p = theta[n]->data();
        const Scalar* grad = g[n]->data();
        for (Eigen::Index i = 0; i < theta[n]->size(); ++i) {
            if (state.kind == OptimizerKind::Sgd) {
                p[i] -= state.learning_rate * grad[i];
                continue;
            }
            Scalar& mi = m[n]->data()[i];
            Scalar& vi = v[n]->data()[i];
            mi = state.beta1 * mi + (1 - state.beta1) * grad[i];
            vi = state.beta2 * vi + (1 - state.beta2) * grad[i] * grad[i];
            const Scalar m_hat = mi / (1 - state.beta1_power);
            const Scalar v_hat = vi / (1 - state.beta2_power);
            p[i] -= state.learning_rate * m_hat / (std::sqrt(v_hat) + state.epsilon);
        }
    }
}

} // namespace attn::train
