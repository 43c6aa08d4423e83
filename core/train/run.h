// attnviz training: one training run — configuration, model, optimizer, data streams and
// history — advanced one step at a time by train_step(), so the UI can run a few steps per
// frame and the CLI many in a row, with identical results.
#pragma once
#include "core/scenario.h"
#include "model.h"
#include "optimizer.h"
#include "task.h"
#include <cstdint>
#include <unordered_set>
#include <vector>

namespace attn::train {

constexpr int kHeldOutExamples = 256;
constexpr int kMaxTrainingModelDim = 64;
constexpr int kMaxBatch = 256;

struct TrainingConfig {
    TaskKind task = TaskKind::Copy;
    std::uint64_t seed = 1;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learning_rate = 0.01;
    int batch_size = 16;
    int d_model = 16;
    int heads = 1;
    bool positional = false;
    bool causal = false;
};

TrainingConfig default_config(TaskKind task); // the task's own defaults, seed 1

// Throws ScenarioError naming the field ("heads", "learning_rate", …) when a run cannot start.
void validate(const TrainingConfig& config);

struct StepRecord {   // one training step, on its batch
    float loss;
    float accuracy;
};

struct Evaluation {   // on the held-out examples
    int step = 0;
    double loss = 0;              // mean over scored tokens
    double accuracy = 0;          // scored tokens predicted right
    double attention_on_target = 0; // mean weight the best head puts where expected_attention() does
    double train_loss = 0;        // mean batch loss of the steps since the previous evaluation
};

struct TrainingRun {
    TrainingConfig config;
    const Task* task = nullptr;
    ModelShape shape;
    Parameters parameters;
    OptimizerState optimizer;
    SplitMix64 data{0};                    // draws the training batches
    std::vector<Example> held_out;         // never drawn for training (the classic task has one example)
    std::unordered_set<std::uint64_t> held_out_keys;
    int step = 0;
    int diverged_at = -1;                  // the step whose loss or update overflowed; training stops there
    std::vector<StepRecord> history;       // one per step
    std::vector<Evaluation> evaluations;   // appended by record_evaluation()
};

TrainingRun start_training(const TrainingConfig& config); // validates first

// A training example: drawn from the run's data stream, never one of the held-out examples.
Example draw_training_example(TrainingRun& run);

// One optimizer update on a fresh batch; returns that batch's mean loss and accuracy.
// When the loss, a gradient or an updated weight is not finite, or a weight passes 10⁶
// (a learning rate far too large), the update is not applied, run.diverged_at records the step, and further calls
// change nothing: the model stays at its last finite state.
StepRecord train_step(TrainingRun& run);

Evaluation evaluate(const TrainingRun& run);              // on all held-out examples
const Evaluation& record_evaluation(TrainingRun& run);    // evaluate() and append to run.evaluations

// The model's view of one example: what the UI's training panel shows.
struct ExampleView {
    std::vector<std::string> tokens;     // names of the input tokens
    std::vector<std::string> targets;    // names of the target classes ("" when unscored)
    std::vector<std::string> predictions;
    std::vector<bool> correct;           // per token (false when unscored)
    std::vector<Matrix> weights;         // per head, T×T
    Matrix expected;                     // T×T, expected_attention()
    Matrix probabilities;                // T×classes
};
ExampleView view_example(const TrainingRun& run, const Example& example);

// The trained layer on one example as an ordinary scenario (explicit embeddings and
// projections), so the visualiser's panels show exactly the weights training produced.
Scenario as_scenario(const TrainingRun& run, const Example& example);

} // namespace attn::train
