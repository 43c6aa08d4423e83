// attnviz training: the JSON forms of a training configuration and of a run's report
// (what `attnviz-cli train` prints and window.attnviz.training() returns).
#pragma once
#include "run.h"
#include <nlohmann/json.hpp>

namespace attn::train {

// {"task": "copy", "seed": 1, "optimizer": "adam", "learning_rate": 0.01, "batch_size": 16,
//  "d_model": 16, "heads": 1, "positional": false, "causal": false}; every key but "task"
// is optional and defaults to the task's own setting. Throws ScenarioError naming the key.
TrainingConfig config_from_json(const nlohmann::json& j);
nlohmann::json config_to_json(const TrainingConfig& c);

const char* optimizer_name(OptimizerKind kind); // "adam", "sgd"

nlohmann::json evaluation_to_json(const Evaluation& e);
nlohmann::json example_to_json(const ExampleView& v);

nlohmann::json parameters_to_json(const Parameters& p); // {"embedding": rows, "W_Q": rows, …}
nlohmann::json training_example_to_json(const Example& e); // {"tokens", "targets"} or {"vectors", "targets"}

// {"config", "step", "log": [evaluations…], "final_accuracy", "final_loss",
//  "attention_on_target", "example": held-out example 1 with its attention weights}
nlohmann::json report_to_json(const TrainingRun& run);

} // namespace attn::train
