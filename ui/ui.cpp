// attnviz UI: the frame layout, recomputation and the automation API.
#include "ui.h"
#include "error_text.h"
#include "examples.h"
#include "files.h"
#include "model_mode.h"
#include "panels.h"
#include "training.h"
#include "widgets.h"
#include "theme.h"
#include "imgui.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attn::ui {

// [SECTION] Automation API

bool ui_widget_rect(const AppState& app, const std::string& name, float out[4]) {
    const auto it = app.last_widget_rects.find(name);
    if (it == app.last_widget_rects.end()) return false;
    out[0] = it->second.x, out[1] = it->second.y, out[2] = it->second.w, out[3] = it->second.h;
    return true;
}

std::string ui_widget_names(const AppState& app) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& kv : app.last_widget_rects) names.push_back(kv.first);
    return names.dump();
}

std::string ui_tooltip(const AppState& app) { return app.last_tooltip; }

double ui_next_change_in(const AppState& app) {
    if ((in_mode(app, Mode::Training) && app.training.running) || app.sentence_pending || model_busy(app)) return 0.0;
    if (app.files.capture_view > 0) return 0.0; // the whole view as PNG is drawn in the coming frames (app/view_capture.h)
    const LessonStep* step = lesson_active_step(app);
    if (step && !step->cells.empty()) return 1.0 / 30.0; // the pulse is smooth enough at 30 frames a second
    return -1.0;
}

// [SECTION] Frame

void ui_init(AppState& app) {
    std::string error;
    if (!ui_set_scenario_json(app, kExamples[0].json, &error)) app.error = std::string(kExamples[0].key) + ": " + error;
}

namespace {

// The next header item goes on this line when `width` more pixels fit, else on the next:
// in a narrow window the header wraps instead of pushing controls off-screen.
void header_item(float width, float spacing = -1.0f) {
    ImGui::SameLine(0.0f, spacing);
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

float button_width(const std::string& label) {
    return ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

void draw_keyboard_help(AppState& app) {
    if (ImGui::Button("?##keys")) ImGui::OpenPopup("##keyboard_help");
    track_last_item(app, "header.help");
    ImGui::SetItemTooltip("%s", tr(app.language, "help.tooltip").c_str());
    if (ImGui::BeginPopup("##keyboard_help")) {
        ImGui::TextUnformatted(tr(app.language, "help.keyboard").c_str());
        ImGui::Separator();
        for (const char* key : {"help.tab", "help.arrows", "help.enter", "help.clipboard", "help.ime"})
            ImGui::BulletText("%s", tr(app.language, key).c_str());
        ImGui::Spacing();
        ImGui::TextUnformatted(tr(app.language, "help.mouse").c_str());
        ImGui::Separator();
        for (const char* key : {"help.double_click", "help.hover", "help.sentence"})
            ImGui::BulletText("%s", tr(app.language, key).c_str());
        ImGui::EndPopup();
    }
}

// Model mode: the shipped model (or one opened before); in the page it arrives after the
// first paint, so the button waits for it.
void draw_model_button(AppState& app) {
    const ModelState* m = model_state_if_any(app);
    const bool waiting = m && !m->model && m->default_dir.empty() && m->status_progress >= 0.0;
    const bool available = (m && (m->model || !m->default_dir.empty()));
    // One label and one width while the model arrives: a label that grew with "loading 45%"
    // moved every header item after it (and wrapped the header), so clicks landed elsewhere.
    // The progress fills the button from the left instead.
    const std::string model_label = label(app, "header.model_button", "model");
    header_item(button_width(model_label));
    ImGui::BeginDisabled(in_mode(app, Mode::Model) || !available);
    if (ImGui::Button(model_label.c_str())) {
        std::string error;
        model_open(app, &error); // a failure shows below the header (ModelState::error)
    }
    ImGui::EndDisabled();
    if (waiting) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const float x = a.x + (b.x - a.x) * static_cast<float>(std::clamp(m->status_progress, 0.0, 1.0));
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x, b.y - 3.0f), ImVec2(x, b.y), kAccent);
    }
    track_last_item(app, "header.model");
    if (waiting)
        ImGui::SetItemTooltip("%s", tr(app.language, "header.model_loading", {{"percent", std::to_string(static_cast<int>(m->status_progress * 100))}}).c_str());
    else
        ImGui::SetItemTooltip("%s", tr(app.language, "header.model_tooltip").c_str());
}

void draw_header(AppState& app) {
    ImGui::TextUnformatted("attnviz");
    const std::string tagline = tr(app.language, "header.tagline");
    // The controls come first in a narrow window; with several heads their picker needs the room too.
    const float controls_w = 1100.0f + (app.result && app.result->heads > 1 ? 240.0f : 0.0f);
    if (ImGui::GetContentRegionAvail().x > controls_w) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tagline.c_str());
    }
    header_item(220.0f, 24.0f);
    ImGui::SetNextItemWidth(220.0f);
    if (ImGui::BeginCombo("##example", tr(app.language, "header.examples").c_str())) {
        for (int e = 0; e < kExampleCount; ++e)
            if (ImGui::Selectable(example_name(app.language, e).c_str())) {
                std::string error;
                if (!ui_set_scenario_json(app, kExamples[e].json, &error)) app.error = error;
                app.selected_query = 0;
            }
        ImGui::EndCombo();
    }
    track_last_item(app, "header.examples");
    header_item(std::min(290.0f, ImGui::GetContentRegionMax().x));
    draw_lessons_menu(app);
    const std::string train_label = label(app, "header.train_button", "train");
    header_item(button_width(train_label));
    // One decision for both ends: the click opens training, which would flip the mode in between.
    ImGui::BeginDisabled(in_mode(app, Mode::Training));
    if (ImGui::Button(train_label.c_str())) training_open(app, attn::train::default_config(attn::train::TaskKind::Reverse));
    ImGui::EndDisabled();
    track_last_item(app, "header.train");
    ImGui::SetItemTooltip("%s", tr(app.language, "header.train_tooltip").c_str());
    draw_model_button(app);
    header_item(button_width("?"));
    draw_keyboard_help(app);
    header_item(button_width(label(app, "file.copy_link", "copy_link")) + button_width(label(app, "file.menu", "file")) + ImGui::GetStyle().ItemSpacing.x);
    draw_link_and_files(app);
    header_item(language_switch_width(app));
    draw_language_switch(app);
    if (app.result && app.result->heads > 1) {
        const float radio = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::GetStyle().ItemSpacing.x;
        const std::string head = tr(app.language, "header.head"), all = tr(app.language, "header.all_heads");
        const std::string widest = tr(app.language, "header.head_of", {{"n", "16"}, {"heads", "16"}});
        const float heads_w = ImGui::CalcTextSize(head.c_str()).x +
                              (app.result->heads <= 4 ? app.result->heads * (radio + ImGui::CalcTextSize("0").x) + radio + ImGui::CalcTextSize(all.c_str()).x
                                                      : ImGui::CalcTextSize(widest.c_str()).x + ImGui::GetFrameHeight() * 3);
        header_item(heads_w, 12.0f); // 12, not 24: with the Model button the head picker still fits at 1280 px
        ImGui::TextUnformatted(head.c_str());
        if (app.result->heads <= 4) {
            for (int h = 0; h < app.result->heads; ++h) {
                ImGui::SameLine();
                char label[32];
                std::snprintf(label, sizeof label, "%d##head", h + 1);
                if (ImGui::RadioButton(label, !app.show_all_heads && app.selected_head == h)) {
                    app.selected_head = h;
                    app.show_all_heads = false;
                }
            }
            ImGui::SameLine();
            if (ImGui::RadioButton((all + "###heads").c_str(), app.show_all_heads)) app.show_all_heads = true;
            track_last_item(app, "header.all_heads");
        } else { // many heads: a menu keeps the header on one line at 1280 px
            ImGui::SameLine();
            const std::string preview = tr(app.language, "header.head_of", {{"n", std::to_string(app.selected_head + 1)}, {"heads", std::to_string(app.result->heads)}});
            ImGui::SetNextItemWidth(ImGui::CalcTextSize(widest.c_str()).x + ImGui::GetFrameHeight() * 2);
            if (ImGui::BeginCombo("##head", app.show_all_heads ? all.c_str() : preview.c_str())) {
                for (int h = 0; h < app.result->heads; ++h)
                    if (ImGui::Selectable(std::to_string(h + 1).c_str(), !app.show_all_heads && app.selected_head == h)) {
                        app.selected_head = h;
                        app.show_all_heads = false;
                    }
                if (ImGui::Selectable(all.c_str(), app.show_all_heads)) app.show_all_heads = true;
                ImGui::EndCombo();
            }
            track_last_item(app, "header.head_menu");
        }
    }
    // A model's files dropped on the page from another mode: gpt2's 548 MB take a while to
    // read, and model mode (whose panel shows the progress) opens only once they are in.
    // (While the shipped model arrives, the Model button shows the progress instead.)
    if (const ModelState* m = model_state_if_any(app); m && m->status_progress >= 0.0 && !in_mode(app, Mode::Model) &&
                                                       (m->model || !m->default_dir.empty())) {
        ImGui::ProgressBar(static_cast<float>(m->status_progress), ImVec2(std::min(ImGui::GetContentRegionAvail().x, 640.0f), 0),
                           page_status_text(app.language, m->status).c_str());
        track_last_item(app, "model.loading");
    }
    if (const ModelState* m = model_state_if_any(app); m && !m->error.empty() && !in_mode(app, Mode::Model)) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", tr(app.language, "model.title", {{"name", error_text(app.language, m->error)}}).c_str());
        ImGui::PopStyleColor();
        track_last_item(app, "model.error");
    }
    if (!app.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", tr(app.language, "header.cannot_compute", {{"error", error_text(app.language, app.error)}}).c_str());
        ImGui::PopStyleColor();
        track_last_item(app, "error");
    }
    draw_notice(app);
}

// A bordered panel; the panels a lesson step points at get a thick accent border.
bool begin_panel(AppState& app, const char* id, const char* lesson_name, ImVec2 size,
                 ImGuiWindowFlags flags = ImGuiWindowFlags_None, ImGuiChildFlags child_flags = ImGuiChildFlags_None) {
    const bool lit = lesson_name && lesson_highlights(app, lesson_name);
    ImGui::PushStyleColor(ImGuiCol_Border, lit ? kAccent : ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, lit ? 3.0f : 1.0f);
    // NavFlattened: Tab and the arrow keys go through the fields of every panel, not from
    // panel outline to panel outline.
    const bool open = ImGui::BeginChild(id, size, ImGuiChildFlags_Border | child_flags, flags | ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    track_widget(app, std::string("panel.") + (id + 2), ImGui::GetWindowPos(), ImGui::GetWindowSize()); // "##qkv": "panel.qkv"
    return open;
}

// Below this the heatmaps of the two right columns become too small to read (issue 10: at
// 800×600 the weights were 15 px wide): the panels are stacked instead.
constexpr float kMinColumnWidth = 300.0f;

void draw_mode_panel(AppState& app, float width, float height) {
    if (in_mode(app, Mode::Training)) {
        // Its heatmaps size themselves to the room left; a scrollbar that came and went would
        // change that room every other frame, so the expanded panel always has one.
        const ImGuiWindowFlags scroll = app.training.collapsed ? ImGuiWindowFlags_None : ImGuiWindowFlags_AlwaysVerticalScrollbar;
        if (begin_panel(app, "##training", nullptr, ImVec2(width, height), scroll)) draw_training_panel(app);
        ImGui::EndChild();
    } else if (in_mode(app, Mode::Lesson)) {
        if (begin_panel(app, "##lesson", "lesson", ImVec2(width, height))) draw_lesson_panel(app);
        ImGui::EndChild();
    } else if (in_mode(app, Mode::Model)) {
        if (begin_panel(app, "##model", nullptr, ImVec2(width, height))) draw_model_panel(app);
        ImGui::EndChild();
    }
}

// `stacked`: inside the one scrolling column of a narrow window, where the inputs grow to
// their content rather than scrolling on their own (a scroll area inside a scroll area
// traps the wheel and the finger).
void draw_inputs(AppState& app, float width, float height, bool stacked = false) {
    if (lesson_hosts_model(app)) { // a lesson step on the shipped model: its text, heads and model view are the inputs
        if (begin_panel(app, "##model", nullptr, ImVec2(width, stacked ? std::max(height, 560.0f) : height))) draw_model_panel(app);
        ImGui::EndChild();
        return;
    }
    if (begin_panel(app, "##inputs", nullptr, ImVec2(width, stacked ? 0.0f : height), ImGuiWindowFlags_None,
                    stacked ? ImGuiChildFlags_AutoResizeY : ImGuiChildFlags_None)) {
        draw_tokens_panel(app);
        draw_embeddings_panel(app);
        draw_settings_panel(app);
    }
    ImGui::EndChild();
}

void draw_columns(AppState& app, ImVec2 avail, float left_w, float col_w) {
    const float half_h = (avail.y - ImGui::GetStyle().ItemSpacing.y) * 0.5f;
    ImGui::BeginGroup();
    float inputs_h = avail.y;
    if (in_mode(app, Mode::Training)) {
        const float bar_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y * 2;
        const float training_h = app.training.collapsed ? bar_h : avail.y;
        inputs_h = avail.y - training_h - ImGui::GetStyle().ItemSpacing.y;
        draw_mode_panel(app, left_w, training_h);
    } else if (in_mode(app, Mode::Lesson)) {
        const float lesson_h = std::floor(avail.y * 0.55f);
        inputs_h = avail.y - lesson_h - ImGui::GetStyle().ItemSpacing.y;
        draw_mode_panel(app, left_w, lesson_h);
    } else if (in_mode(app, Mode::Model)) { // the model's inputs are its text: no embeddings or settings to edit
        draw_mode_panel(app, left_w, avail.y);
        inputs_h = 0;
    }
    if (inputs_h > 0) draw_inputs(app, left_w, inputs_h);
    ImGui::EndGroup();

    ImGui::SameLine();
    ImGui::BeginGroup();
    if (begin_panel(app, "##qkv", "qkv", ImVec2(col_w, half_h))) draw_qkv_panel(app);
    ImGui::EndChild();
    if (begin_panel(app, "##scores", "scores", ImVec2(col_w, half_h))) draw_scores_panel(app);
    ImGui::EndChild();
    ImGui::EndGroup();

    ImGui::SameLine();
    ImGui::BeginGroup();
    if (begin_panel(app, "##weights", "weights", ImVec2(col_w, half_h))) draw_weights_panel(app);
    ImGui::EndChild();
    if (begin_panel(app, "##sum", "sum", ImVec2(col_w, half_h))) draw_weighted_sum_panel(app);
    ImGui::EndChild();
    ImGui::EndGroup();
}

// Panels 4–7 one below the other, `w` wide, in a scrolling column.
void draw_map_panels(AppState& app, float w, float map_h) {
    const ImGuiWindowFlags wheel = ImGuiWindowFlags_NoScrollWithMouse; // the wheel scrolls the column
    if (begin_panel(app, "##qkv", "qkv", ImVec2(w, map_h * 0.7f), wheel)) draw_qkv_panel(app);
    ImGui::EndChild();
    if (begin_panel(app, "##scores", "scores", ImVec2(w, map_h), wheel)) draw_scores_panel(app);
    ImGui::EndChild();
    if (begin_panel(app, "##weights", "weights", ImVec2(w, map_h), wheel)) draw_weights_panel(app);
    ImGui::EndChild();
    if (begin_panel(app, "##sum", "sum", ImVec2(w, map_h + 160.0f), wheel)) draw_weighted_sum_panel(app);
    ImGui::EndChild();
}

// Narrow windows and phones: every panel at the full width, in pipeline order, scrolling.
void draw_stacked(AppState& app, ImVec2 avail) {
    ImGui::BeginChild("##stack", avail, ImGuiChildFlags_None, ImGuiWindowFlags_AlwaysVerticalScrollbar | ImGuiWindowFlags_NavFlattened);
    const float w = ImGui::GetContentRegionAvail().x;
    const float map_h = std::clamp(w * 0.8f, 300.0f, 520.0f);
    if (in_mode(app, Mode::Training)) {
        const float bar_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y * 2;
        draw_mode_panel(app, w, app.training.collapsed ? bar_h : std::max(avail.y * 0.9f, 560.0f));
    } else if (in_mode(app, Mode::Lesson)) {
        draw_mode_panel(app, w, std::max(avail.y * 0.7f, 420.0f)); // its step text scrolls, Back/Next stay in view
    } else if (in_mode(app, Mode::Model)) {
        draw_mode_panel(app, w, std::max(avail.y * 0.9f, 560.0f));
    }
    if (!in_mode(app, Mode::Model)) draw_inputs(app, w, 0.0f, true);
    draw_map_panels(app, w, map_h);
    ImGui::EndChild();
}

// Too narrow for three columns, wide enough for two (800×600): the inputs on the left, the
// panels with maps one below the other on the right, so the first screen shows both.
void draw_two_columns(AppState& app, ImVec2 avail, float left_w) {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginGroup();
    float inputs_h = avail.y;
    if (in_mode(app, Mode::Model)) { // the model's inputs are its text: no embeddings or settings to edit
        draw_mode_panel(app, left_w, avail.y);
        inputs_h = 0;
    } else if (in_mode(app, Mode::Training) || in_mode(app, Mode::Lesson)) {
        const float bar_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y * 2;
        // A lesson's task and answer field want 420 px; the inputs below scroll.
        const float lesson_h = std::floor(std::max(avail.y * 0.55f, std::min(avail.y - 120.0f, 420.0f)));
        const float mode_h = in_mode(app, Mode::Lesson) ? lesson_h : app.training.collapsed ? bar_h : avail.y;
        inputs_h = avail.y - mode_h - ImGui::GetStyle().ItemSpacing.y;
        draw_mode_panel(app, left_w, mode_h);
    }
    if (inputs_h > 0) draw_inputs(app, left_w, inputs_h);
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, gap);
    const ImVec2 right(avail.x - left_w - gap, avail.y);
    ImGui::BeginChild("##maps", right, ImGuiChildFlags_None, ImGuiWindowFlags_AlwaysVerticalScrollbar | ImGuiWindowFlags_NavFlattened);
    const float w = ImGui::GetContentRegionAvail().x;
    const float map_h = std::clamp(w * 0.8f, 300.0f, std::max(300.0f, avail.y - ImGui::GetStyle().ItemSpacing.y));
    draw_map_panels(app, w, map_h);
    ImGui::EndChild();
}

} // namespace

void ui_frame(AppState& app, const PlatformInfo& pf) {
    app.last_widget_rects.swap(app.widget_rects);
    app.widget_rects.clear();
    app.drawn_labels.clear();
    app.last_tooltip.swap(app.tooltip);
    app.tooltip.clear();

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(ImVec2(pf.width > 0 ? pf.width : vp->WorkSize.x, pf.height > 0 ? pf.height : vp->WorkSize.y));
    const ImGuiWindowFlags full = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                  ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
    ImGui::Begin("attnviz", nullptr, full);
    // Training steps run before anything is drawn, so every panel shows this frame's model;
    // they run whether the training panel is expanded or collapsed. Then the edits the
    // panels made last frame are computed, once, so no panel sees the result change under it.
    training_tick(app);
    lesson_model_tick(app);
    model_tick(app);
    session_recompute(app);
    draw_header(app);
    if (!app.result) {
        ImGui::End();
        return;
    }

    // Three columns that read like the pipeline: inputs → Q, K, V and scores → weights and sums;
    // in a window too narrow for three usable columns, the same panels one below the other.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool training = in_mode(app, Mode::Training);
    const float left_w = training && !app.training.collapsed ? std::clamp(avail.x * 0.36f, 380.0f, 600.0f)
                                                                      : std::clamp(avail.x * 0.27f, 290.0f, 440.0f);
    const float col_w = (avail.x - left_w - 2 * gap) * 0.5f;
    if (col_w < kMinColumnWidth && avail.x - left_w - gap >= kMinColumnWidth + 60.0f) {
        draw_two_columns(app, avail, left_w);
    } else if (col_w < kMinColumnWidth) {
        draw_stacked(app, avail);
    } else {
        draw_columns(app, avail, left_w, col_w);
    }

    lesson_check_live_task(app);
    session_save_if_changed(app);
    ImGui::End();
}

} // namespace attn::ui
