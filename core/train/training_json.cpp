#include "training_json.h"
#include "core/error.h"
#include "core/utf8.h"

namespace attn::train {

namespace {

using nlohmann::json;

const json& field(const json& j, const char* key, json::value_t type, const char* type_name) {
    const json& v = j.at(key);
    const bool ok = v.type() == type || (type == json::value_t::number_float && v.is_number()) ||
                    (type == json::value_t::number_unsigned && v.is_number_integer() && v.get<long long>() >= 0);
    if (!ok) throw ScenarioError(key, std::string("must be ") + type_name);
    return v;
}

// Checked against the limit here, before the value can overflow an int; validate() says the same.
int small_int(const json& j, const char* key, int limit) {
    const json& v = field(j, key, json::value_t::number_unsigned, "a non-negative integer");
    if (v.get<unsigned long long>() > static_cast<unsigned long long>(limit))
        throw ScenarioError(key, "must be 1…" + std::to_string(limit) + ", got " + v.dump());
    return int(v.get<unsigned long long>());
}

json matrix_rows(const Matrix& m) {
    json rows = json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

const char* optimizer_name(OptimizerKind kind) { return kind == OptimizerKind::Adam ? "adam" : "sgd"; }

TrainingConfig config_from_json(const json& j) {
    if (!j.is_object()) throw ScenarioError("", "a training configuration must be a JSON object");
    static const char* const known[] = {"task", "seed", "optimizer", "learning_rate", "batch_size",
                                        "d_model", "heads", "positional", "causal"};
    for (const auto& item : j.items()) {
        bool ok = false;
        for (const char* k : known) ok = ok || item.key() == k;
        if (!ok) throw ScenarioError(printable_name(item.key()), "unknown key");
    }
    if (!j.contains("task")) throw ScenarioError("task", "missing: one of " + task_names());
    const std::string name = field(j, "task", json::value_t::string, "a string").get<std::string>();
    const Task* task = find_task(name);
    if (!task) throw ScenarioError("task", "unknown task '" + name + "': one of " + task_names());
    TrainingConfig c = default_config(task->kind);
    if (j.contains("seed")) c.seed = field(j, "seed", json::value_t::number_unsigned, "a non-negative integer").get<std::uint64_t>();
    if (j.contains("optimizer")) {
        const std::string o = field(j, "optimizer", json::value_t::string, "a string").get<std::string>();
        if (o != "adam" && o != "sgd") throw ScenarioError("optimizer", "must be \"adam\" or \"sgd\", got \"" + o + "\"");
        c.optimizer = o == "adam" ? OptimizerKind::Adam : OptimizerKind::Sgd;
    }
    if (j.contains("learning_rate")) c.learning_rate = field(j, "learning_rate", json::value_t::number_float, "a number").get<double>();
    if (j.contains("batch_size")) c.batch_size = small_int(j, "batch_size", kMaxBatch);
    if (j.contains("d_model")) c.d_model = small_int(j, "d_model", kMaxTrainingModelDim);
    if (j.contains("heads")) c.heads = small_int(j, "heads", kMaxTrainingModelDim);
    if (j.contains("positional")) c.positional = field(j, "positional", json::value_t::boolean, "true or false").get<bool>();
    if (j.contains("causal")) c.causal = field(j, "causal", json::value_t::boolean, "true or false").get<bool>();
    validate(c);
    return c;
}

json config_to_json(const TrainingConfig& c) {
    return {{"task", task_by_kind(c.task).name}, {"seed", c.seed}, {"optimizer", optimizer_name(c.optimizer)},
            {"learning_rate", c.learning_rate}, {"batch_size", c.batch_size}, {"d_model", c.d_model},
            {"heads", c.heads}, {"positional", c.positional}, {"causal", c.causal}};
}

json evaluation_to_json(const Evaluation& e) {
    return {{"step", e.step}, {"loss", e.loss}, {"accuracy", e.accuracy}, {"attention_on_target", e.attention_on_target},
            {"train_loss", e.train_loss}};
}

json example_to_json(const ExampleView& v) {
    json weights = json::array();
    for (const Matrix& w : v.weights) weights.push_back(matrix_rows(w));
    return {{"tokens", v.tokens}, {"targets", v.targets}, {"predictions", v.predictions},
            {"weights", weights}, {"expected", matrix_rows(v.expected)}};
}

json parameters_to_json(const Parameters& p) {
    json j = json::object();
    const auto names = tensor_names();
    const auto values = tensors(p);
    for (size_t i = 0; i < names.size(); ++i) j[names[i]] = matrix_rows(*values[i]);
    return j;
}

json training_example_to_json(const Example& e) {
    json j = {{"targets", e.targets}};
    if (e.vectors.size() > 0) j["vectors"] = matrix_rows(e.vectors);
    else j["tokens"] = e.tokens;
    return j;
}

json report_to_json(const TrainingRun& run) {
    json log = json::array();
    for (const Evaluation& e : run.evaluations) log.push_back(evaluation_to_json(e));
    const Evaluation final_eval = evaluate(run);
    return {{"config", config_to_json(run.config)},
            {"steps", run.step},
            {"diverged_at_step", run.diverged_at >= 0 ? json(run.diverged_at) : json(nullptr)},
            {"held_out_examples", run.held_out.size()},
            {"log", log},
            {"final_loss", final_eval.loss},
            {"final_accuracy", final_eval.accuracy},
            {"attention_on_target", final_eval.attention_on_target},
            {"example", example_to_json(view_example(run, run.held_out.front()))}};
}

} // namespace attn::train
