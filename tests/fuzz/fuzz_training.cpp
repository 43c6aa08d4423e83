// Fuzzes the training configuration (core/train/training_json.*): any JSON is refused
// with a ScenarioError naming the key, or gives a configuration that round-trips through
// its JSON and starts a run that can take a step.
#include "core/error.h"
#include "core/train/training_json.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn;
    // The CLI and the page report JSON syntax themselves; the configuration starts at a value.
    const nlohmann::json j = nlohmann::json::parse(fuzz::as_text(data, size), nullptr, false);
    if (j.is_discarded()) return 0;
    train::TrainingConfig config;
    try {
        config = train::config_from_json(j);
    } catch (const ScenarioError& e) {
        fuzz::require_message(e.what());
        return 0;
    }
    const nlohmann::json written = train::config_to_json(config);
    try {
        if (train::config_to_json(train::config_from_json(written)) != written)
            fuzz::invariant_broken("a training configuration does not round-trip", written.dump());
    } catch (const ScenarioError& e) {
        fuzz::invariant_broken("a configuration's own JSON is refused", std::string(e.what()) + "\n" + written.dump());
    }
    train::TrainingRun run = train::start_training(config);
    // A step is arithmetic, not parsing: instrumented, a full-size batch takes seconds
    // (the sort task at d_model 64, 16 heads, batch 256: 90 s), so only small ones step.
    if (config.batch_size * config.d_model > 64) return 0;
    const train::StepRecord step = train::train_step(run);
    if (run.diverged_at < 0 && !(step.accuracy >= 0 && step.accuracy <= 1))
        fuzz::invariant_broken("a step's accuracy is outside [0, 1]", written.dump());
    return 0;
}
