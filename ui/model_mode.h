// attnviz UI: model mode at run time (issue 13) — a real GPT-2's attention in the same
// panels. Loading a model folder, tokenising the text with its BPE, running it a slice of
// positions per frame (the key/value cache keeps the common prefix of an edited text),
// and showing the selected layer's head as the panels' Result (core/model/model_result.h)
// through the session. The model view's maps and the predictions are kept here too; the
// panel that draws them is draw_model_panel() (panels.h). No ImGui.
#pragma once
#include "app_state.h"
#include "core/model/attention_maps.h"
#include "core/model/bpe.h"
#include "core/model/gpt2_run.h"
#include "core/model/model_result.h"
#include <memory>
#include <string>
#include <vector>

namespace attn::ui {

constexpr int kModelViewMaxSize = 96; // the model view's maps are pooled down to at most this many rows
constexpr int kTopNextTokens = 10;

struct LoadedModel {
    std::string name;              // the folder's name, shown in the panel
    std::string dir;               // where it was read from
    attn::model::Gpt2Model weights;
    attn::model::Bpe bpe;
};

struct ImportedAttention; // attention_import.h: an attention file shown instead of the run

struct ModelState {
    std::shared_ptr<const LoadedModel> model;   // the run below reads its weights
    std::unique_ptr<attn::model::Gpt2Run> run;
    std::string default_dir;   // where the first model comes from (the shipped one), until one is loaded
    std::string text = "A fool and his money are soon parted. A fool and his money";
    std::vector<int> ids;                   // the text's tokens: what the run catches up to
    std::vector<std::string> tokens;        // their readable pieces (· for a space, ↵ for a newline)
    bool clipped = false;                   // the text had more tokens than n_positions: the rest are not run
    int layer = 0, head = 0;
    // What the panels show, and for which run: rebuilt when any of these change.
    int shown_layer = -1, shown_head = -1;
    std::vector<int> shown_ids;
    attn::model::AttentionMaps maps;        // the model view; empty until the run is complete
    // The maps of the run as far as it got: updated with each chunk appended, so their
    // O(T²·layers·heads) pooling is sliced across frames with the run; `maps` is a copy of
    // them once the run is complete. The cache lets a typed token add one row per head.
    attn::model::AttentionMaps run_maps;
    attn::model::AttentionMapsCache maps_cache;
    std::shared_ptr<const attn::Result> result; // the shown head's, for shown_ids: the next text's reuses its rows
    std::vector<attn::model::NextToken> next; // after position next_position
    int next_position = -1;
    std::string error;                      // why the last model could not be loaded or run
    std::string status;                     // what the platform is doing ("reading model.safetensors…")
    double status_progress = -1;            // 0…1 while the platform reads files, else −1
    int chunk = 0;                          // positions appended per tick (0: not measured yet)
    int view_size = kModelViewMaxSize;      // the maps' side: what the panel's grid has room for, in pixels
    std::shared_ptr<ImportedAttention> imported; // when set, shown instead of the run (maps, layer, head: the file's)
    // A lesson step hosts the model (lesson 9): the one mode stays Mode::Lesson, and the run
    // and the panels work as in model mode while the step is open. Set by each lesson step.
    bool lesson_hosted = false;
};


ModelState& model_state(AppState& app); // created on first use
// An id's readable piece; "#id" for ids the model has but its vocab.json does not (a
// config.json vocab_size larger than the tokenizer's, as GPT-2's own padded ones).
std::string model_token_text(const LoadedModel& model, int id);
const ModelState* model_state_if_any(const AppState& app);

// Reads DIR/config.json, model.safetensors, vocab.json and merges.txt. On success the
// model replaces the current one (and the text is run again); on failure the message
// (the core's ModelError) is returned and kept in the state, and the old model stays.
bool model_load_folder(AppState& app, const std::string& dir, std::string* error);
// Loads default_dir (the shipped model) unless the model loaded came from it. For lessons,
// whose words are about the shipped model's heads.
bool model_load_default(AppState& app, std::string* error);
// Enters model mode (loading default_dir first if no model is loaded yet).
bool model_open(AppState& app, std::string* error);
void model_leave(AppState& app);               // the user's own scenario comes back
// The model's head is what the panels show: model mode, or a lesson step hosting the model.
bool model_on_screen(const AppState& app);
void model_set_text(AppState& app, const std::string& text); // tokenised now, run by model_tick
void model_select(AppState& app, int layer, int head);         // clamped to the model
// The model view's grid has room for maps `pixels` wide: longer texts are pooled to that
// (rebuilt at the next tick when it changes).
void model_view_fit(AppState& app, int pixels);
// Once per frame: runs up to a slice of positions, then (run complete) shows the head.
void model_tick(AppState& app);
bool model_busy(const AppState& app);        // the run has not reached the text's tokens yet
double model_progress(const AppState& app);  // 0…1 of the text's tokens run
// Positions appended per tick. The first guess is about kModelWorkPerTick floating-point
// operations; then the chunk doubles while a tick takes under half of its budget and halves
// over twice it. The budget is kModelTickMs, or kModelMaxTickMs when one position alone
// takes longer than that (gpt2 in WebAssembly): a position streams every weight from memory
// (500 MB), so appending several at once costs little more than one, and one a frame
// would take minutes for 1024 tokens.
int model_positions_per_tick(const attn::model::Gpt2Config& c, int length);
int model_next_chunk(int chunk, double tick_ms);
constexpr double kModelWorkPerTick = 3e8;
constexpr double kModelTickMs = 25.0;   // per frame for the run: the page stays responsive
constexpr double kModelMaxTickMs = 250.0; // … when a single position takes longer: still a few frames a second
constexpr int kModelMaxChunk = 256;

// The automation API (window.attnviz).
std::string ui_model_json(const AppState& app); // {"name","config","ids","tokens","layer","head","busy","next",…} or null
bool ui_select_layer_head(AppState& app, int layer, int head, std::string* error);

} // namespace attn::ui
