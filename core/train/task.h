// attnviz training: the built-in tasks. Each one has an example generator, a scoring rule
// (which tokens carry a label) and the attention pattern known to solve it, so a learner
// can compare the pattern that forms during training with the right one.
#pragma once
#include "core/matrix.h"
#include "core/random.h"
#include <string>
#include <vector>

namespace attn::train {

enum class TaskKind { Classic, Copy, Reverse, Previous, Sort };
enum class OutputKind { Softmax, Sigmoid }; // per-token classifier: softmax + cross-entropy, or sigmoid + BCE

constexpr int kUnscored = -1; // a target that contributes no loss and no accuracy

struct Example {
    std::vector<int> tokens; // token ids (token tasks); empty for vector input
    Matrix vectors;          // T×d_input (vector input, the classic task); empty otherwise
    std::vector<int> targets; // T labels: class index, 0/1 for a sigmoid output, or kUnscored
};

struct Task {
    TaskKind kind;
    std::string name;        // "classic", "copy", "reverse", "previous", "sort"
    std::string title;       // for menus
    std::string summary;     // one line: what the model must learn and which pattern solves it
    std::string try_this;    // an experiment worth making, and what it shows
    int tokens;              // T
    int vocabulary;          // token ids 0…vocabulary−1 (0 for vector input)
    int input_dim;           // columns of Example::vectors (vector input), else 0
    int classes;             // softmax outputs (1 for a sigmoid output)
    OutputKind output;
    std::vector<std::string> token_names; // one per token id (vector input: "x1", "x2", …)
    std::vector<std::string> class_names; // one per class
    // Defaults a run starts from (the UI and CLI can change them).
    int d_model;
    int heads;
    bool positional;         // add sinusoidal positional encoding to the input
    bool causal;             // causal mask
    double learning_rate;
    int batch_size;
    // What training reaches: accuracy on held-out examples, and within how many steps
    // from the default settings and seed 1. Checked by the tests.
    double target_accuracy;
    int target_steps;
};

const std::vector<Task>& all_tasks();
const Task& task_by_kind(TaskKind kind);
const Task* find_task(const std::string& name); // nullptr when unknown
std::string task_names();                        // "classic, copy, reverse, previous, sort"

// One random example. The classic task has exactly one example and ignores `rng`.
Example generate_example(const Task& task, SplitMix64& rng);

// An example typed by the learner, in the tokens' own names: "b f a a f h" (or "bfaafh") for
// copy, reverse and previous; four different digits "3 1 4 0" for sort, which adds "=" and
// the sorted digits itself. Throws ScenarioError("example", …) saying what is wrong.
// The classic task has only its one example.
Example parse_example(const Task& task, const std::string& text);

// The attention pattern that solves the task for this example: T×T, each scored row
// spreads weight 1 evenly over the keys holding what that token needs; unscored rows are 0.
Matrix expected_attention(const Task& task, const Example& example);

// A key that identifies the example's inputs, to keep held-out examples out of training.
std::uint64_t example_key(const Example& example);

} // namespace attn::train
