// attnviz UI: the training playground at run time — opening and leaving training mode,
// running a slice of steps each frame, and keeping the visualiser's panels on the
// trained layer. The panel itself is draw_training_panel() (panels.h).
#pragma once
#include "app_state.h"
#include <string>

namespace attn::ui {

struct TrainingSpeed {
    const char* key;     // the catalogue key of its name ("train.speed.max")
    int steps_per_frame; // at most, within kMaxTrainingSliceMs; 0: as many as fit in it
};
extern const TrainingSpeed kTrainingSpeeds[];
extern const int kTrainingSpeedCount;
constexpr double kMaxTrainingSliceMs = 8.0;  // per frame at full speed: leaves the frame responsive
constexpr int kEvaluateEvery = 10;           // steps between held-out evaluations (the curves' points)

// Opens training mode with a fresh, paused run of `config`; the user's scenario is kept
// and returned by training_leave(). Throws ScenarioError naming the field on a bad config.
void training_open(AppState& app, const attn::train::TrainingConfig& config);
void training_leave(AppState& app);
void training_reset(AppState& app);            // a fresh run of app.training.config, paused
void training_run_steps(AppState& app, int n); // n steps now, whether playing or paused
void training_tick(AppState& app);             // once per frame, panel open or collapsed
void training_show_example(AppState& app, int index); // which held-out example the panels show
void training_follow(AppState& app, bool on);         // the visualiser's panels show the trained layer, or the user's own
bool training_try_example(AppState& app, const std::string& text); // the learner's own; false + custom_error if not
const attn::train::Example& training_shown_example(const TrainingState& ts);

// The automation API (window.attnviz): configuration JSON as core/train/training_json.h.
bool ui_open_training(AppState& app, const std::string& config_json, std::string* error);
bool ui_training_control(AppState& app, const std::string& action, int count, std::string* error);
bool ui_training_try(AppState& app, const std::string& text, std::string* error); // "b f a a f h", "3 1 4 0"
std::string ui_training_json(const AppState& app); // {"open","running","step","config","latest",…} or null

} // namespace attn::ui
