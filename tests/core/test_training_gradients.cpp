// The training playground's hand-derived backward pass, checked entry by entry against
// central finite differences of the loss, and its forward pass against hand-worked values
// and against the visualiser's compute() (itself checked against numpy).
#include "core/result.h"
#include "core/train/model.h"
#include "core/train/optimizer.h"
#include "core/train/run.h"
#include "test_helpers.h"
#include <cmath>

using namespace attn;
using namespace attn::train;
using attn::test::require_near;
using attn::test::rows;

namespace {

double mean_loss(const ModelShape& shape, const Parameters& p, const std::vector<Example>& batch) {
    double sum = 0;
    int scored = 0;
    for (const Example& e : batch) {
        const Forward f = forward(shape, p, e);
        sum += f.loss_sum;
        scored += f.scored;
    }
    return sum / scored;
}

struct GradientCheck {
    double worst_relative = 0; // over entries whose gradient is at least 1e-6
    double worst_absolute_small = 0; // over the others
    int entries = 0;
};

GradientCheck check_gradients(const ModelShape& shape, const Parameters& p, const std::vector<Example>& batch) {
    int scored = 0;
    for (const Example& e : batch) scored += forward(shape, p, e).scored;
    Parameters analytic = zeros_like(p);
    for (const Example& e : batch) backward(shape, p, e, forward(shape, p, e), 1.0 / scored, analytic);

    GradientCheck result;
    // Central differences: truncation error O(h²) ≈ 1e-10, rounding error ≈ 1e-16/h ≈ 1e-11.
    const double h = 1e-5;
    const auto names = tensor_names();
    for (size_t n = 0; n < names.size(); ++n) {
        for (Eigen::Index i = 0; i < tensors(p)[n]->size(); ++i) {
            Parameters plus = p, minus = p;
            tensors(plus)[n]->data()[i] += h;
            tensors(minus)[n]->data()[i] -= h;
            const double numeric = (mean_loss(shape, plus, batch) - mean_loss(shape, minus, batch)) / (2 * h);
            const double exact = tensors(analytic)[n]->data()[i];
            const double scale = std::max(std::abs(numeric), std::abs(exact));
            INFO(names[n] << "[" << i << "]: analytic " << exact << ", numeric " << numeric);
            if (scale >= 1e-6) {
                const double relative = std::abs(exact - numeric) / scale;
                CHECK(relative < 1e-4);
                result.worst_relative = std::max(result.worst_relative, relative);
            } else {
                CHECK(std::abs(exact - numeric) < 1e-9);
                result.worst_absolute_small = std::max(result.worst_absolute_small, std::abs(exact - numeric));
            }
            ++result.entries;
        }
    }
    WARN("gradient check: " << result.entries << " entries, worst relative error " << result.worst_relative);
    return result;
}

Example token_example(std::vector<int> tokens, std::vector<int> targets) {
    Example e;
    e.tokens = std::move(tokens);
    e.targets = std::move(targets);
    return e;
}

Example classic_example() {
    Example e;
    e.vectors = rows({{1, 0, 1}, {0, 1, 0}, {1, 1, 1}});
    e.targets = {1, 0, 1};
    return e;
}

} // namespace

TEST_CASE("gradients match finite differences: softmax classifier, 2 heads, positions, causal mask", "[training][gradients]") {
    ModelShape shape;
    shape.vocabulary = 5;
    shape.d_model = 6;
    shape.heads = 2;
    shape.classes = 4;
    shape.positional = true;
    shape.causal = true;
    const Parameters p = initial_parameters(shape, 11);
    const std::vector<Example> batch = {token_example({0, 3, 3, 1, 4}, {kUnscored, 2, 0, 3, 1}),
                                        token_example({2, 2, 4, 0, 1}, {1, kUnscored, 3, 3, 0})};
    const GradientCheck check = check_gradients(shape, p, batch);
    CHECK(check.entries == 5 * 6 + 4 * 36 + 6 * 4 + 4);
    CHECK(check.worst_relative < 1e-4);
}

TEST_CASE("gradients match finite differences: the classic example with a sigmoid output", "[training][gradients]") {
    const Task& task = task_by_kind(TaskKind::Classic);
    ModelShape shape;
    shape.input_dim = 3;
    shape.d_model = 3;
    shape.classes = 1;
    shape.output = OutputKind::Sigmoid;
    const Parameters p = initial_parameters(shape, 3);
    SplitMix64 rng(0);
    const GradientCheck check = check_gradients(shape, p, {generate_example(task, rng)});
    CHECK(check.entries == 4 * 9 + 3 + 1);
    CHECK(check.worst_relative < 1e-4);
}

TEST_CASE("gradients match finite differences: four 1-wide heads, no mask, sigmoid over tokens", "[training][gradients]") {
    ModelShape shape;
    shape.vocabulary = 4;
    shape.d_model = 4;
    shape.heads = 4;
    shape.classes = 1;
    shape.output = OutputKind::Sigmoid;
    Parameters p = initial_parameters(shape, 5);
    p.wq *= 3; // sharper attention: the softmax Jacobian far from uniform
    const GradientCheck check = check_gradients(shape, p, {token_example({0, 1, 2, 3, 1, 0}, {1, 0, 1, 1, 0, kUnscored})});
    CHECK(check.worst_relative < 1e-4);
}

TEST_CASE("gradients match finite differences on a task's own batch after training", "[training][gradients]") {
    for (TaskKind kind : {TaskKind::Reverse, TaskKind::Sort}) {
        TrainingRun run = start_training(default_config(kind));
        for (int s = 0; s < 30; ++s) train_step(run);
        const std::vector<Example> batch(run.held_out.begin(), run.held_out.begin() + 3);
        CHECK(check_gradients(run.shape, run.parameters, batch).worst_relative < 1e-4);
    }
}

TEST_CASE("forward pass on the classic example, worked by hand", "[training]") {
    // W_Q = W_K = 0: every score is 0, so each token attends 1/3 to every token.
    // W_V = W_O = I: o_i = mean(x) = [2/3, 2/3, 2/3]. W_out = [1, 1, 1]ᵀ: z = 2 for every token.
    // Loss: y = 1 → ln(1 + e⁻²) = 0.126928011…;  y = 0 → ln(1 + e²) = 2.126928011…
    ModelShape shape;
    shape.input_dim = 3;
    shape.d_model = 3;
    shape.classes = 1;
    shape.output = OutputKind::Sigmoid;
    Parameters p = initial_parameters(shape, 0);
    p.wq.setZero();
    p.wk.setZero();
    p.wv.setIdentity();
    p.wo.setIdentity();
    p.w_out = rows({{1}, {1}, {1}});
    p.b_out.setZero();
    const Forward f = forward(shape, p, classic_example());
    require_near(f.weights[0], Matrix::Constant(3, 3, 1.0 / 3), 1e-15);
    require_near(f.output, Matrix::Constant(3, 3, 2.0 / 3), 1e-15);
    require_near(f.logits, rows({{2}, {2}, {2}}), 1e-15);
    require_near(f.probabilities, Matrix::Constant(3, 1, 0.8807970779778823), 1e-15);
    CHECK(f.loss_sum == Approx(2 * 0.12692801104297249 + 2.1269280110429727).epsilon(1e-14));
    CHECK(f.scored == 3);
    CHECK(f.correct == 2); // every token predicts 1; token 2's label is 0

    // Its gradient, by hand: dL/dz_i = σ(2) − y_i = [−0.1192, 0.8808, −0.1192] (sum, no mean),
    // dL/db = Σ = 0.6424; dL/dW_out = oᵀ·dz = 2/3 · 0.6424 in every row.
    Parameters grad = zeros_like(p);
    backward(shape, p, classic_example(), f, 1.0, grad);
    const double sigma = 0.8807970779778823;
    CHECK(grad.b_out(0, 0) == Approx(3 * sigma - 2).epsilon(1e-14));
    require_near(grad.w_out, Matrix::Constant(3, 1, 2.0 / 3 * (3 * sigma - 2)), 1e-14);
}

TEST_CASE("training attention equals the visualiser's compute() on the same weights", "[training]") {
    for (TaskKind kind : {TaskKind::Classic, TaskKind::Previous, TaskKind::Sort}) {
        TrainingConfig config = default_config(kind);
        if (kind == TaskKind::Previous) config.heads = 2;
        TrainingRun run = start_training(config);
        for (int s = 0; s < 50; ++s) train_step(run);
        const Example& example = run.held_out.front();
        const ExampleView view = view_example(run, example);
        const auto result = compute(as_scenario(run, example));
        REQUIRE(result->head.size() == view.weights.size());
        for (size_t h = 0; h < view.weights.size(); ++h) require_near(result->head[h].weights, view.weights[h], 1e-12);
        // Same output as the classifier reads: concat·W_O.
        require_near(result->output, forward(run.shape, run.parameters, example).output, 1e-12);
    }
}

TEST_CASE("SGD and Adam updates, worked by hand", "[training][optimizer]") {
    Parameters p;
    p.wq = rows({{1.0, -2.0}});
    Parameters g;
    g.wq = rows({{0.5, -4.0}});
    for (Matrix* m : {&p.embedding, &p.wk, &p.wv, &p.wo, &p.w_out, &p.b_out}) *m = Matrix(0, 0);
    for (Matrix* m : {&g.embedding, &g.wk, &g.wv, &g.wo, &g.w_out, &g.b_out}) *m = Matrix(0, 0);

    SECTION("SGD: θ − lr·g") {
        OptimizerState sgd = make_optimizer(OptimizerKind::Sgd, 0.1, p);
        apply_update(sgd, g, p);
        require_near(p.wq, rows({{0.95, -1.6}}), 1e-15);
    }
    SECTION("Adam: bias correction makes the first steps lr·g/|g|") {
        // t=1: m = 0.1g, v = 0.001g², m̂ = g, v̂ = g² → step lr·g/(|g| + ε).
        // t=2 with the same g: m = 0.19g, v = 0.001999g², m̂ = g, v̂ = g² again.
        OptimizerState adam = make_optimizer(OptimizerKind::Adam, 0.1, p);
        apply_update(adam, g, p);
        require_near(p.wq, rows({{1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4.0 / (4.0 + 1e-8)}}), 1e-15);
        apply_update(adam, g, p);
        require_near(p.wq, rows({{1.0 - 0.2 * 0.5 / (0.5 + 1e-8), -2.0 + 0.2 * 4.0 / (4.0 + 1e-8)}}), 1e-14);
        CHECK(adam.t == 2);
    }
}
