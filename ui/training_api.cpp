// attnviz UI: the training playground's page API (window.attnviz: openTraining, trainingControl,
// tryTrainingExample, training). Its errors are in English, like the core's, for scripts.
#include "i18n.h"
#include "session.h"
#include "training.h"
#include "core/train/training_json.h"

namespace attn::ui {

using namespace attn::train;

bool ui_open_training(AppState& app, const std::string& config_json, std::string* error) {
    try {
        training_open(app, config_from_json(nlohmann::json::parse(config_json)));
        return true;
    } catch (const nlohmann::json::parse_error& e) {
        if (error) *error = std::string("not JSON: ") + e.what();
    } catch (const std::exception& e) {
        if (error) *error = e.what();
    }
    return false;
}

bool ui_training_control(AppState& app, const std::string& action, int count, std::string* error) {
    TrainingState& ts = app.training;
    auto fail = [&](const std::string& why) {
        if (error) *error = why;
        return false;
    };
    if (!in_mode(app, Mode::Training) || !ts.run) return fail("training is not open: call openTraining first");
    if (action == "play") ts.running = ts.run->diverged_at < 0;
    else if (action == "pause") ts.running = false;
    else if (action == "step") {
        if (count < 1 || count > 100000) return fail("step: count must be 1…100000");
        training_run_steps(app, count);
    } else if (action == "reset") {
        training_reset(app);
        if (!ts.error.empty()) return fail(ts.error);
    }
    else if (action == "example") {
        if (count < 0 || count >= int(ts.run->held_out.size())) return fail("example: index out of range");
        training_show_example(app, count);
    } else if (action == "follow") {
        training_follow(app, count != 0);
    } else if (action == "speed") {
        if (count < 0 || count >= kTrainingSpeedCount) return fail("speed: 0 (1 step / frame) … 3 (Max)");
        ts.speed = count;
    } else if (action == "leave") training_leave(app);
    else return fail("unknown action '" + action + "': play, pause, step, reset, example, follow, speed or leave");
    return true;
}

bool ui_training_try(AppState& app, const std::string& text, std::string* error) {
    if (!in_mode(app, Mode::Training) || !app.training.run) {
        if (error) *error = "training is not open: call openTraining first";
        return false;
    }
    if (training_try_example(app, text)) return true;
    if (error) *error = app.training.custom_error;
    return false;
}

std::string ui_training_json(const AppState& app) {
    const TrainingState& ts = app.training;
    if (!in_mode(app, Mode::Training) || !ts.run) return "null";
    nlohmann::json j = {{"open", true},
                        {"running", ts.running},
                        {"speed", tr("en", kTrainingSpeeds[ts.speed].key)},
                        {"collapsed", ts.collapsed},
                        {"follow", app.session.follow},
                        {"step", ts.run->step},
                        {"config", config_to_json(ts.run->config)},
                        {"latest", evaluation_to_json(ts.run->evaluations.back())},
                        {"evaluations", ts.run->evaluations.size()},
                        {"solved_step", ts.solved_step},
                        {"diverged_at_step", ts.run->diverged_at >= 0 ? nlohmann::json(ts.run->diverged_at) : nlohmann::json(nullptr)},
                        {"error", ts.error},
                        {"example_index", ts.custom ? nlohmann::json(nullptr) : nlohmann::json(ts.example)}};
    if (ts.view_step >= 0) j["example"] = example_to_json(ts.view);
    return j.dump();
}

} // namespace attn::ui
