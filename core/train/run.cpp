#include "run.h"
#include "core/error.h"
#include <cmath>
#include <cstdio>
#include <string>

namespace attn::train {

namespace {

constexpr std::uint64_t kBatchStream = 0x6261746368ull;   // "batch"
constexpr std::uint64_t kHeldOutStream = 0x68656C64ull;   // "held"

ModelShape shape_of(const TrainingConfig& c, const Task& task) {
    ModelShape s;
    s.vocabulary = task.vocabulary;
    s.input_dim = task.input_dim;
    s.d_model = c.d_model;
    s.heads = c.heads;
    s.classes = task.classes;
    s.output = task.output;
    s.positional = c.positional;
    s.causal = c.causal;
    return s;
}

std::vector<Example> held_out_examples(const Task& task, std::uint64_t seed) {
    SplitMix64 rng(splitmix64_mix(seed ^ kHeldOutStream));
    if (task.kind == TaskKind::Classic) return {generate_example(task, rng)};
    std::vector<Example> examples;
    std::unordered_set<std::uint64_t> keys;
    // Distinct examples; every task but classic has thousands, so this ends quickly.
    for (int tries = 0; int(examples.size()) < kHeldOutExamples && tries < 100 * kHeldOutExamples; ++tries) {
        Example e = generate_example(task, rng);
        if (keys.insert(example_key(e)).second) examples.push_back(std::move(e));
    }
    return examples;
}

std::string class_name(const Task& task, int c) { return c == kUnscored ? "" : task.class_names[c]; }

} // namespace

TrainingConfig default_config(TaskKind kind) {
    const Task& t = task_by_kind(kind);
    TrainingConfig c;
    c.task = kind;
    c.learning_rate = t.learning_rate;
    c.batch_size = t.batch_size;
    c.d_model = t.d_model;
    c.heads = t.heads;
    c.positional = t.positional;
    c.causal = t.causal;
    return c;
}

void validate(const TrainingConfig& c) {
    const Task& task = task_by_kind(c.task);
    if (!(c.learning_rate > 0) || !std::isfinite(c.learning_rate) || c.learning_rate > 10) {
        char shown[32];
        std::snprintf(shown, sizeof shown, "%g", c.learning_rate);
        throw ScenarioError("learning_rate", std::string("must be a number in (0, 10], got ") + shown);
    }
    if (c.batch_size < 1 || c.batch_size > kMaxBatch)
        throw ScenarioError("batch_size", "must be 1…" + std::to_string(kMaxBatch) + ", got " + std::to_string(c.batch_size));
    if (task.vocabulary == 0 && c.d_model != task.input_dim)
        throw ScenarioError("d_model", "the " + task.name + " task's vectors have " + std::to_string(task.input_dim) +
                                           " columns, so d_model must be " + std::to_string(task.input_dim));
    if (c.d_model < 1 || c.d_model > kMaxTrainingModelDim)
        throw ScenarioError("d_model", "must be 1…" + std::to_string(kMaxTrainingModelDim) + ", got " + std::to_string(c.d_model));
    if (c.heads < 1 || c.d_model % c.heads != 0)
        throw ScenarioError("heads", std::to_string(c.heads) + " heads do not divide d_model = " + std::to_string(c.d_model));
}

TrainingRun start_training(const TrainingConfig& config) {
    validate(config);
    TrainingRun run;
    run.config = config;
    run.task = &task_by_kind(config.task);
    run.shape = shape_of(config, *run.task);
    run.parameters = initial_parameters(run.shape, config.seed);
    run.optimizer = make_optimizer(config.optimizer, config.learning_rate, run.parameters);
    run.data = SplitMix64(splitmix64_mix(config.seed ^ kBatchStream));
    run.held_out = held_out_examples(*run.task, config.seed);
    if (run.task->kind != TaskKind::Classic)
        for (const Example& e : run.held_out) run.held_out_keys.insert(example_key(e));
    return run;
}

Example draw_training_example(TrainingRun& run) {
    if (run.task->kind == TaskKind::Classic) return generate_example(*run.task, run.data);
    for (;;) { // held-out examples make up at most 5% of any task's examples
        Example e = generate_example(*run.task, run.data);
        if (!run.held_out_keys.count(example_key(e))) return e;
    }
}

namespace {

// Beyond this a weight means the run has blown up (these models train with weights of
// order 1–100), and the forward pass of such a model is about to overflow.
constexpr double kDivergedWeight = 1e6;

bool all_finite(const Parameters& p) {
    for (const Matrix* m : tensors(p))
        if (!m->allFinite()) return false;
    return true;
}

bool all_within(const Parameters& p, double limit) {
    for (const Matrix* m : tensors(p))
        if (m->size() > 0 && m->cwiseAbs().maxCoeff() > limit) return false;
    return true;
}

} // namespace

StepRecord train_step(TrainingRun& run) {
    if (run.diverged_at >= 0) return run.history.empty() ? StepRecord{0, 0} : run.history.back();
    std::vector<Example> batch;
    std::vector<Forward> forwards;
    int scored = 0, correct = 0;
    double loss_sum = 0;
    for (int b = 0; b < run.config.batch_size; ++b) {
        batch.push_back(draw_training_example(run));
        forwards.push_back(forward(run.shape, run.parameters, batch.back()));
        scored += forwards.back().scored;
        correct += forwards.back().correct;
        loss_sum += forwards.back().loss_sum;
    }
    Parameters gradient = zeros_like(run.parameters);
    for (size_t b = 0; b < batch.size(); ++b)
        backward(run.shape, run.parameters, batch[b], forwards[b], 1.0 / scored, gradient);
    const StepRecord record{float(loss_sum / scored), float(double(correct) / scored)};
    Parameters updated = run.parameters;
    OptimizerState optimizer = run.optimizer;
    apply_update(optimizer, gradient, updated);
    if (!std::isfinite(loss_sum) || !all_finite(gradient) || !all_finite(updated) || !all_within(updated, kDivergedWeight)) {
        run.diverged_at = run.step + 1;
        return record;
    }
    run.parameters = std::move(updated);
    run.optimizer = std::move(optimizer);
    ++run.step;
    run.history.push_back(record);
    return record;
}

Evaluation evaluate(const TrainingRun& run) {
    Evaluation e;
    e.step = run.step;
    int scored = 0, correct = 0, rows = 0;
    double loss_sum = 0, on_target = 0;
    for (const Example& example : run.held_out) {
        const Forward f = forward(run.shape, run.parameters, example);
        scored += f.scored;
        correct += f.correct;
        loss_sum += f.loss_sum;
        const Matrix expected = expected_attention(*run.task, example);
        for (Eigen::Index i = 0; i < expected.rows(); ++i) {
            if (example.targets[i] == kUnscored) continue;
            double best = 0;
            for (const Matrix& w : f.weights) {
                double mass = 0;
                for (Eigen::Index j = 0; j < expected.cols(); ++j) mass += expected(i, j) > 0 ? w(i, j) : 0.0;
                best = std::max(best, mass);
            }
            on_target += best;
            ++rows;
        }
    }
    e.loss = loss_sum / scored;
    e.accuracy = double(correct) / scored;
    e.attention_on_target = on_target / rows;
    return e;
}

const Evaluation& record_evaluation(TrainingRun& run) {
    Evaluation e = evaluate(run);
    const int since = run.evaluations.empty() ? 0 : run.evaluations.back().step;
    double sum = 0;
    for (int s = since; s < run.step; ++s) sum += run.history[s].loss;
    e.train_loss = run.step > since ? sum / (run.step - since) : e.loss;
    run.evaluations.push_back(e);
    return run.evaluations.back();
}

ExampleView view_example(const TrainingRun& run, const Example& example) {
    const Task& task = *run.task;
    const Forward f = forward(run.shape, run.parameters, example);
    ExampleView v;
    const int T = int(example.targets.size());
    for (int i = 0; i < T; ++i) {
        v.tokens.push_back(task.vocabulary > 0 ? task.token_names[example.tokens[i]] : task.token_names[i]);
        const int y = example.targets[i];
        const int predicted = predicted_class(run.shape, f, i);
        v.targets.push_back(class_name(task, y));
        v.predictions.push_back(class_name(task, predicted));
        v.correct.push_back(y != kUnscored && predicted == y);
    }
    v.weights = f.weights;
    v.expected = expected_attention(task, example);
    v.probabilities = f.probabilities;
    return v;
}

Scenario as_scenario(const TrainingRun& run, const Example& example) {
    const Task& task = *run.task;
    Scenario s;
    const int T = int(example.targets.size());
    s.embedding_source = EmbeddingSource::Explicit;
    s.embeddings = Matrix(T, run.shape.d_model);
    for (int i = 0; i < T; ++i) {
        if (task.vocabulary > 0) {
            s.tokens.push_back(task.token_names[example.tokens[i]]);
            s.embeddings.row(i) = run.parameters.embedding.row(example.tokens[i]);
        } else {
            s.tokens.push_back(task.token_names[i]);
            s.embeddings.row(i) = example.vectors.row(i);
        }
    }
    s.heads = run.shape.heads;
    s.projections = ProjectionKind::Explicit;
    s.wq = run.parameters.wq;
    s.wk = run.parameters.wk;
    s.wv = run.parameters.wv;
    s.wo = run.parameters.wo;
    s.scale = true;
    s.mask = run.shape.causal ? MaskKind::Causal : MaskKind::None;
    s.positional = run.shape.positional ? Positional::Sinusoidal : Positional::None;
    return s;
}

} // namespace attn::train
