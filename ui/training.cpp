#include "training.h"
#include "i18n.h"
#include "session.h"
#include "core/error.h"
#include <algorithm>
#include <chrono>
#include <cstdio>

namespace attn::ui {

const TrainingSpeed kTrainingSpeeds[] = {{"train.speed.1", 1}, {"train.speed.5", 5}, {"train.speed.25", 25}, {"train.speed.max", 0}};
const int kTrainingSpeedCount = int(sizeof kTrainingSpeeds / sizeof kTrainingSpeeds[0]);

namespace {

using namespace attn::train;

void start_run(AppState& app) {
    TrainingState& ts = app.training;
    ts.run = std::make_unique<TrainingRun>(start_training(ts.config));
    record_evaluation(*ts.run); // the curves start at step 0: the untrained model
    ts.running = false;
    ts.solved_step = -1;
    ts.view_step = -1;
    ts.loss_prefix.assign(1, 0.0);
    ts.accuracy_prefix.assign(1, 0.0);
    ts.example = std::clamp(ts.example, 0, int(ts.run->held_out.size()) - 1);
    ts.error.clear();
    if (ts.custom) { // the learner's own input, read again for this task (its targets differ), if it fits
        try {
            ts.custom = parse_example(*ts.run->task, ts.custom_source);
        } catch (const attn::ScenarioError&) {
            ts.custom.reset();
        }
    }
    ts.custom_error.clear();
    // Select the first token that has a target (sort's "=" rather than an input digit).
    const std::vector<int>& targets = training_shown_example(ts).targets;
    app.selected_query = int(std::find_if(targets.begin(), targets.end(), [](int y) { return y != kUnscored; }) - targets.begin());
    app.selected_head = std::min(app.selected_head, ts.config.heads - 1);
    session_announce(app); // the page keeps its #train=<task>&seed=<n> link current
}

void one_step(TrainingState& ts) {
    if (ts.run->diverged_at >= 0) return;
    const StepRecord record = train_step(*ts.run);
    if (ts.run->diverged_at >= 0) {
        ts.running = false;
        char rate[32];
        std::snprintf(rate, sizeof rate, "%g", ts.run->config.learning_rate);
        // Kept in English, like the core's errors (the page API returns it); the panel translates it.
        ts.error = tr("en", "error.train_diverged", {{"step", std::to_string(ts.run->diverged_at)}, {"rate", rate}});
        return;
    }
    ts.loss_prefix.push_back(ts.loss_prefix.back() + record.loss);
    ts.accuracy_prefix.push_back(ts.accuracy_prefix.back() + record.accuracy);
    if (ts.run->step % kEvaluateEvery != 0) return;
    const Evaluation& e = record_evaluation(*ts.run);
    if (ts.solved_step < 0 && e.accuracy >= ts.run->task->target_accuracy) ts.solved_step = e.step;
}

// Brings the example view, and (when following) the visualiser's scenario, up to the model;
// view_step = −1 asks for it even when the model has not changed (another example).
void refresh(AppState& app) {
    TrainingState& ts = app.training;
    if (ts.view_step == ts.run->step) return;
    const Example& example = training_shown_example(ts);
    ts.view = view_example(*ts.run, example);
    ts.view_step = ts.run->step;
    // An edit the user made in the input panels ended following (FollowRule::UntilUserEdits): it stays.
    if (app.session.follow) session_show(app, as_scenario(*ts.run, example));
}

} // namespace

void training_open(AppState& app, const TrainingConfig& config) {
    validate(config);
    session_enter(app, Mode::Training, FollowRule::UntilUserEdits);
    TrainingState& ts = app.training;
    ts.collapsed = false;
    ts.config = config;
    ts.example = 0;
    ts.custom.reset();
    app.selected_head = 0;
    app.show_all_heads = false;
    start_run(app);
    refresh(app);
}

void training_leave(AppState& app) {
    if (!in_mode(app, Mode::Training)) return;
    app.training.running = false;
    session_leave(app);
}

void training_reset(AppState& app) {
    try {
        validate(app.training.config);
        start_run(app);
        app.training.view_step = -1;
        refresh(app);
    } catch (const attn::ScenarioError& e) {
        app.training.error = e.what();
    }
}

void training_run_steps(AppState& app, int n) {
    TrainingState& ts = app.training;
    if (!ts.run) return;
    for (int i = 0; i < n; ++i) one_step(ts);
    refresh(app);
}

void training_tick(AppState& app) {
    TrainingState& ts = app.training;
    if (!in_mode(app, Mode::Training) || !ts.run) return;
    if (ts.running) {
        // Up to the chosen number of steps, and never past the slice (sort at 25 steps a frame
        // would take ~20 ms in the browser); "Max" fills the slice. Only how many steps a frame
        // holds depends on the clock; each step's numbers never do.
        using clock = std::chrono::steady_clock;
        const auto start = clock::now();
        const int wanted = kTrainingSpeeds[std::clamp(ts.speed, 0, kTrainingSpeedCount - 1)].steps_per_frame;
        auto spent_ms = [&] { return std::chrono::duration<double, std::milli>(clock::now() - start).count(); };
        for (int done = 0; ts.running && (wanted == 0 || done < wanted); ++done) {
            one_step(ts);
            if (spent_ms() >= kMaxTrainingSliceMs) break;
        }
    }
    refresh(app);
}

const Example& training_shown_example(const TrainingState& ts) {
    return ts.custom ? *ts.custom : ts.run->held_out[ts.example];
}

bool training_try_example(AppState& app, const std::string& text) {
    TrainingState& ts = app.training;
    if (!ts.run) return false;
    try {
        ts.custom = parse_example(*ts.run->task, text);
        ts.custom_source = text;
    } catch (const attn::ScenarioError& e) {
        ts.custom_error = e.what();
        return false; // the example shown stays as it was
    }
    ts.custom_error.clear();
    ts.view_step = -1;
    refresh(app);
    return true;
}

void training_show_example(AppState& app, int index) {
    TrainingState& ts = app.training;
    if (!ts.run) return;
    ts.custom.reset();
    ts.custom_error.clear();
    ts.example = std::clamp(index, 0, int(ts.run->held_out.size()) - 1);
    ts.view_step = -1;
    refresh(app);
}

void training_follow(AppState& app, bool on) {
    TrainingState& ts = app.training;
    if (!ts.run || on == app.session.follow) return;
    session_follow(app, on);
    ts.view_step = -1;
    refresh(app);
}

} // namespace attn::ui
