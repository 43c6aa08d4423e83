// attnviz UI: the panels, drawn in pipeline order by ui_frame(). Each reads app.result
// (never recomputing math) and edits app.scenario through commit_edit(), which recomputes
// at once so panels drawn later in the same frame already show the new numbers.
#pragma once
#include "app_state.h"
#include <utility>
#include <vector>

void draw_tokens_panel(AppState& app);       // 1: sentence field, tokenizer, token chips
void draw_settings_panel(AppState& app);     // 3: d_model, heads, projections, scaling, temperature, mask
void draw_embeddings_panel(AppState& app);   // 2: X, editable; seed; positional encoding
void draw_qkv_panel(AppState& app);          // 4: Q, K, V of the selected head
void draw_scores_panel(AppState& app);       // 5: QKᵀ (or the logits) as a diverging heatmap
void draw_weights_panel(AppState& app);      // 6: softmax weights, colour bar, entropy; one or all heads
void draw_weighted_sum_panel(AppState& app); // 7: w_ij·v_j contributions to o_i, and the outputs

void draw_training_panel(AppState& app);     // the training playground (title bar only when collapsed)
void draw_lesson_panel(AppState& app);       // the open lesson's step: text, task, hint, next/back
void draw_lessons_menu(AppState& app);       // the header's lesson picker

// Lesson hooks for the other panels.
bool lesson_highlights(const AppState& app, const char* panel);                      // outline this panel?
std::vector<std::pair<int, int>> lesson_cells(const AppState& app, const char* panel); // cells to outline
void lesson_on_cell_click(AppState& app, const char* panel, int head, int row, int col);
void lesson_check_live_task(AppState& app);  // after edits: is a condition task now done?

// Applies an edit already made to app.scenario: recomputes, or records why it can't be.
void commit_edit(AppState& app);
// Hover help: a tooltip with the formula text, tracked as the widget "tooltip".
void formula_tooltip(AppState& app, const std::string& text);
// A small "(?)" marker whose tooltip explains a panel.
void help_marker(const char* text);
