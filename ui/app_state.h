// attnviz UI: all state that survives frames, in one place.
#pragma once
#include "core/result.h"
#include "lesson.h"
#include "core/scenario.h"
#include "core/train/run.h"
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace attn::ui {

struct WidgetRect { float x, y, w, h; };

// How the UI gets a GPU texture without knowing the platform: the platform layer fills
// this in (OpenGL natively and in WebGL2); left empty (headless) heatmaps draw rectangles.
struct TextureApi {
    // Creates (existing == nullptr) or refills a w×h RGBA8 texture; returns its ImTextureID.
    void* (*upload)(void* existing, const std::uint32_t* rgba, int w, int h, void* user) = nullptr;
    void* user = nullptr;
};

struct HeatmapTexture {
    void* texture = nullptr;
    std::vector<std::uint32_t> pixels;
    // What the pixels show: refilled and re-uploaded only when one of these changes.
    const double* source = nullptr;
    std::uint64_t generation = 0;
    double vmin = 0, vmax = 0;
};

// A heatmap's zoom and pan (ui/heatmap.cpp): long matrices (a model's 1024 tokens) are read
// by zooming in; kept between frames, like the textures.
struct HeatmapView {
    float zoom = 1.0f;         // ≥ 1: cells are zoom × their fitted size
    float x = 0.0f, y = 0.0f;  // first visible column and row, in cells (fractional)
    float press_x = 0.0f, press_y = 0.0f; // x, y when the current drag began
    bool panned = false;       // the current press dragged the map: its release is no click
    int rows = 0, cols = 0;    // the matrix it was set for: another size starts from the whole map
};

// A heatmap label as drawn (AppState::track_labels), for tests of what a learner can read.
struct DrawnLabel {
    std::string heatmap;       // the heatmap's id
    bool column = false;       // a column label (else a row label)
    int index = 0;             // 0-based row or column
    std::string text;          // as drawn: the token, or its start and "…"
    WidgetRect rect;           // its part on screen (zoomed in, the map's edge can cut it)
    float type = 0.0f;         // font size
};

// The lesson being taken, and progress through all of them.
struct LessonState {
    std::vector<Lesson> lessons;                   // loaded at start, sorted by id
    std::vector<std::string> load_errors;          // malformed lesson files: listed, never fatal
    int active = -1;                               // index into lessons of the one open in Mode::Lesson
    int step = 0;                                  // 0-based
    nlohmann::json opening;                        // the scenario as the step opened it
    std::uint64_t checked_generation = 0;          // result generation the task was last checked on
    bool done = false;                             // this step's task is done (or it has none)
    std::string feedback;
    bool feedback_good = false;
    bool show_hint = false;
    bool revealed = false;                         // "Show me": the values the task hides are on screen
    bool scroll_to_highlight = false;              // bring the input section a new step points at into view
    char answer[64] = "";
    std::map<std::string, std::set<int>> completed; // lesson id → 0-based steps whose task was done
    // Every language's lessons, in the order of `lessons` (the same ids, steps and tasks: a
    // missing or mismatched translation is the English lesson); `lessons` is the current one's.
    std::map<std::string, std::vector<Lesson>> by_language;
    std::string feedback_key;                      // the catalogue message `feedback` shows (i18n.h), or ""
    std::map<std::string, std::string> feedback_args;
};

// The training playground: a run advanced a few steps each frame while playing.
struct TrainingState {
    bool collapsed = false;              // panel folded to its title bar; training carries on regardless
    bool running = false;
    int speed = 0;                       // index into the speeds offered (steps per frame)
    attn::train::TrainingConfig config;  // what Reset starts from
    std::unique_ptr<attn::train::TrainingRun> run;
    int example = 0;                     // held-out example shown (index into run->held_out)…
    std::optional<attn::train::Example> custom; // …unless the learner typed one of their own
    std::string custom_source;           // the text `custom` was read from
    char custom_text[64] = "";
    std::string custom_error;
    attn::train::ExampleView view;       // the example through the current model
    int view_step = -1;                  // run->step that `view` (and the panels) show
    int solved_step = -1;                // first evaluation at the task's target accuracy, or -1
    std::vector<double> loss_prefix, accuracy_prefix; // prefix sums of run->history, for the curves
    std::string error;                   // why the last configuration was refused
};

// What the left column holds besides the inputs; one at a time (ui/session.h).
enum class Mode {
    Explore,  // the visualiser alone
    Lesson,   // a lesson's step (LessonState)
    Training, // the training playground (TrainingState)
    Model,    // a real model's attention (ModelState, model_mode.h)
};

// Whether a user's edit ends following the mode's scenario: a lesson's steps keep the
// learner's edits part of the lesson; in training an edit makes the panels the user's own.
enum class FollowRule { Always, UntilUserEdits };

struct SessionState {
    Mode mode = Mode::Explore;
    FollowRule rule = FollowRule::Always;
    bool follow = true;     // the visualiser's panels show the mode's scenario (training: the trained layer)
    attn::Scenario saved;   // the user's own scenario, given back on leaving a mode while following
    bool dirty = false;     // app.scenario edited since app.result was computed (mark_edited)
    // What save_progress last stored of the user's own work (session_save_if_changed).
    std::uint64_t saved_generation = 0;
    std::string saved_view;
    nlohmann::json own_view; // the user's view settings while a mode sets its own (lessons do)
};

// Files in and out and links (ui/files.h, ui/link_state.h): what the platform does with them.
constexpr int kCaptureScreen = 1, kCaptureTwice = 2; // the whole view at the screen's resolution, at twice it
struct FilesApi {
    // The page: a download; the desktop: a file written into `folder`. Returns where it went, or "" with `error`.
    std::function<std::string(const std::string& name, const std::string& bytes, std::string& error)> deliver;
    std::function<void()> pick;                                 // the page's file picker (the desktop has a path field)
    std::function<void()> copy_link;                            // a page link to what is on screen, onto the clipboard
    char folder[512] = "";                                      // the desktop's export folder (a field in the menu)
    char open_path[512] = "";                                   // the desktop's "open a file" field
    int capture_view = 0;                                       // > 0: the platform saves the frame this counts down to as view.png
    int capture_scales = 0;                                     // … at: kCaptureScreen | kCaptureTwice (view@2x.png), one a frame
    std::string last_saved;                                     // what the last export wrote, shown in the menu
};
struct ModelState; // model_mode.h: holds the model, so this header stays light

struct AppState {
    std::string language = "en";                    // "en" or "zh": the interface's and the lessons' (i18n.h)
    bool language_chosen = false;                   // by the user (switch, link, --lang): saved; else the locale's
    attn::Scenario scenario;                        // what the user edits
    std::shared_ptr<const attn::Result> result;     // last good result (kept when an edit is invalid)
    std::string error;                              // why the current scenario could not be computed
    std::uint64_t generation = 0;                   // bumped on every successful recompute

    int selected_query = 0;                         // query token i, highlighted in every panel
    int selected_head = 0;
    bool show_all_heads = false;
    bool weights_to_max = false;                    // weights colour scale 0…max instead of 0…1 (long texts)
    int scores_view = 0;                            // 0: scores QKᵀ, 1: logits
    bool mask_editing = false;                      // clicking a weight cell toggles its mask bit

    std::string sentence;                           // the token text field (grows: a pasted text is never cut)
    bool sentence_pending = false;                  // typed into, not applied yet (applies after a pause, or Enter)
    double sentence_edit_time = 0.0;                // ImGui time of the last keystroke in it
    int editing_token = -1;                         // chip being renamed
    char token_edit[256] = "";

    std::string tooltip, last_tooltip;              // text of the formula tooltip shown this / last frame

    SessionState session;
    LessonState lesson;
    TrainingState training;
    std::shared_ptr<ModelState> model;              // created on first use (model_state())
    // Set by the platform: keeps lesson progress across reloads (localStorage, a config file).
    std::function<void(const std::string& progress_json)> save_progress;
    // Set by the page: opens its file picker for a model's files (model_loader.js); empty natively.
    std::function<void()> open_model_files;

    FilesApi files;
    std::string notice;                             // a link or file that could not be opened, and why (dismissable)

    TextureApi textures;
    std::map<unsigned int, HeatmapTexture> heatmap_textures; // keyed by ImGui ID
    std::map<unsigned int, HeatmapView> heatmap_views;       // keyed by ImGui ID
    bool track_labels = false;                               // tests: record drawn_labels
    std::vector<DrawnLabel> drawn_labels;                    // every heatmap label drawn this frame
    std::map<std::string, WidgetRect> widget_rects;         // named widgets drawn this frame (for tests)
    std::map<std::string, WidgetRect> last_widget_rects;    // … and in the last complete frame
};

} // namespace attn::ui
