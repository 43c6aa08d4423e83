// attnviz UI: an attention file (core/model/attention_file.h, docs/attention-files.md) shown
// in model mode instead of a GPT-2 run — the model view grid of every layer × head and the
// selected head in the weights panel. A file has weights only: the panels that need Q, K, V
// (or scores and logits) say so instead of showing numbers (weights_only()). No ImGui here;
// the panel is draw_attention_file_panel() (panel_attention_file.cpp).
#pragma once
#include "app_state.h"
#include "core/model/attention_file.h"
#include "core/result.h"
#include <memory>
#include <string>

namespace attn::ui {

struct ImportedAttention {
    std::string name;                                       // the file's name, shown in the panel
    std::shared_ptr<const attn::model::AttentionFile> file;
    const attn::Result* shown = nullptr;                    // the session result last made from it
    int shown_layer = -1, shown_head = -1;
};

// Reads FILE (JSON or safetensors) and shows it in model mode. On failure the core's
// message is returned and kept as the model panel's error; whatever was shown stays.
bool attention_open_path(AppState& app, const std::string& path, std::string* error);
// Shows an already read file (entering model mode).
void attention_show(AppState& app, attn::model::AttentionFile file, const std::string& name);
// Back to the GPT-2 run when a model is loaded, else out of model mode.
void attention_close(AppState& app);
bool attention_shown(const AppState& app); // model mode is showing a file
// Model mode's hooks (model_mode.cpp): once per frame, and a layer/head clamped to the file.
void attention_tick(AppState& app);
bool attention_select(AppState& app, int layer, int head, std::string* error);

// Head (layer, head) as a Result with weights only: tokens, the mask (causal or none), the
// weights and each row's entropy; d_k = 0 and every Q/K/V, score, logit and output matrix
// empty (0 × 0), as result() shows.
std::shared_ptr<const attn::Result> attention_head_result(const attn::model::AttentionFile& f, int layer, int head);
inline bool weights_only(const attn::Result& r) { return r.d_k == 0; }
std::string weights_only_tooltip(const std::string& lang, const attn::Result& r, int i, int j); // w_ij and the tokens, for the weights panel

// The automation API: {"open","name","model","format","tokens","n_layers","n_heads","T",
// "causal","causal_given","layer","head","patterns","error"}; {"open": false, "error"} without a file.
std::string ui_attention_json(const AppState& app);

} // namespace attn::ui
