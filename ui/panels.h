// attnviz UI: the panels, drawn in pipeline order by ui_frame(). Each reads app.result
// (never recomputing math) and edits app.scenario, then calls mark_edited() (session.h):
// the result is recomputed once, before the next frame draws, so every panel of a frame
// shows the same result.
#pragma once
#include "app_state.h"

namespace attn::ui {

struct ModelState; // model_mode.h

void draw_tokens_panel(AppState& app);       // 1: sentence field, tokenizer, token chips
void draw_settings_panel(AppState& app);     // 3: d_model, heads, projections, scaling, temperature, mask
void draw_embeddings_panel(AppState& app);   // 2: X, editable; seed; positional encoding
void draw_qkv_panel(AppState& app);          // 4: Q, K, V of the selected head
void draw_scores_panel(AppState& app);       // 5: QKᵀ (or the logits) as a diverging heatmap
void draw_weights_panel(AppState& app);      // 6: softmax weights, colour bar, entropy; one or all heads
void draw_weighted_sum_panel(AppState& app); // 7: w_ij·v_j contributions to o_i, and the outputs

// The top of panel 6's colour range: 1, or the largest weight shown (scale 0…max, long texts).
double weights_colour_max(const AppState& app, const attn::Result& r);

void draw_training_panel(AppState& app);     // the training playground (title bar only when collapsed)
void draw_lesson_panel(AppState& app);       // the open lesson's step: text, task, hint, next/back
void draw_lessons_menu(AppState& app);       // the header's lesson picker
void draw_model_panel(AppState& app);        // model mode: text, layer and head, model view, predictions, X
void draw_attention_file_panel(AppState& app); // model mode on an attention file: tokens, layer and head, model view
void draw_model_view(AppState& app, ModelState& m); // every layer × head of model mode's maps (panel_model.cpp)
void draw_layer_head_picker(AppState& app, ModelState& m, int n_layers, int n_heads); // two sliders (panel_model.cpp)
void draw_weights_only_notice(const AppState& app, const std::string& title); // panels 4, 5, 7 on an attention file: no Q/K/V to show
void draw_language_switch(AppState& app);    // the header's 中文 / English switch
float language_switch_width(const AppState& app); // … its width, to wrap the header before it

} // namespace attn::ui
