// attnviz UI: model mode's panel — the model, its text and tokens, the layer and head, the
// model view (every layer's and head's attention, BertViz-style), the next-token
// predictions and X, the selected layer's normalised input. The other panels show the
// selected head through the usual Result (model_mode.h).
#include "error_text.h"
#include "heatmap.h"
#include "lesson_mode.h"
#include "model_mode.h"
#include "panels.h"
#include "session.h"
#include "theme.h"
#include "widgets.h"
#include "imgui.h"
#include <algorithm>
#include <cstdio>
#include <string>

namespace attn::ui {

namespace {

void disabled_wrapped(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// A thin bar under the text while the model runs or the page reads a model's files.
void draw_progress(AppState& app, const ModelState& m) {
    if (m.status_progress >= 0.0) {
        ImGui::ProgressBar(static_cast<float>(m.status_progress), ImVec2(-FLT_MIN, 0), page_status_text(app.language, m.status).c_str());
        track_last_item(app, "model.loading");
    }
    if (model_busy(app)) {
        const std::string label = tr(app.language, "model.running", {{"n", std::to_string(m.run ? m.run->length() : 0)},
                                                                      {"T", std::to_string(m.ids.size())}});
        ImGui::ProgressBar(static_cast<float>(model_progress(app)), ImVec2(-FLT_MIN, 0), label.c_str());
        track_last_item(app, "model.progress");
    }
}

// In a box of at most about six rows that scrolls: at a model's context (1024 tokens) the
// chips would otherwise fill the panel and push the model view and predictions out of sight.
void draw_token_chips(AppState& app, const ModelState& m) {
    ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(FLT_MAX, ImGui::GetTextLineHeightWithSpacing() * 6.5f)); // a chip is a SmallButton: one line
    if (!ImGui::BeginChild("##model_chips", ImVec2(-FLT_MIN, 0.0f), ImGuiChildFlags_AutoResizeY)) {
        ImGui::EndChild();
        return;
    }
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const int shown = app.result ? static_cast<int>(app.result->tokens.size()) : 0;
    for (int i = 0; i < static_cast<int>(m.tokens.size()); ++i) {
        const std::string& piece = m.tokens[static_cast<size_t>(i)];
        const float w = ImGui::CalcTextSize(piece.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        if (i > 0) {
            ImGui::SameLine(0.0f, 2.0f);
            if (ImGui::GetItemRectMax().x + 2.0f + w > right) ImGui::NewLine();
        }
        ImGui::PushID(i);
        const bool selected = i == app.selected_query;
        if (selected) ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(120, 95, 30, 255));
        ImGui::BeginDisabled(i >= shown); // not run yet
        if (ImGui::SmallButton(piece.c_str())) app.selected_query = i;
        ImGui::EndDisabled();
        if (selected) ImGui::PopStyleColor();
        track_last_item(app, "model.chip." + std::to_string(i));
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip("%s", tr(app.language, "model.chip_tooltip", {{"n", std::to_string(i)}, {"id", std::to_string(m.ids[static_cast<size_t>(i)])}}).c_str());
        ImGui::PopID();
    }
    ImGui::EndChild();
}

} // namespace

void draw_layer_head_picker(AppState& app, ModelState& m, int n_layers, int n_heads) {
    int layer = m.layer, head = m.head;
    const float w = std::max(80.0f, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
    ImGui::SetNextItemWidth(w);
    if (n_layers > 1) ImGui::SliderInt("##model_layer", &layer, 0, n_layers - 1, tr(app.language, "model.layer", {{"n", "%d"}}).c_str(), ImGuiSliderFlags_AlwaysClamp);
    else ImGui::TextUnformatted(tr(app.language, "model.layer", {{"n", "0"}}).c_str());
    track_last_item(app, "model.layer");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    if (n_heads > 1) ImGui::SliderInt("##model_head", &head, 0, n_heads - 1, tr(app.language, "common.head", {{"n", "%d"}}).c_str(), ImGuiSliderFlags_AlwaysClamp);
    else ImGui::TextUnformatted(tr(app.language, "common.head", {{"n", "0"}}).c_str());
    track_last_item(app, "model.head");
    if (layer != m.layer || head != m.head) {
        model_select(app, layer, head);
        lesson_on_head_pick(app, m.layer, m.head);
    }
}

// Every layer × head as a small map; hover names the measured pattern, click opens the head.
void draw_model_view(AppState& app, ModelState& m) {
    const attn::model::AttentionMaps& maps = m.maps;
    if (maps.size == 0) return;
    const float label_w = ImGui::CalcTextSize("L00").x + 4.0f;
    const float avail = ImGui::GetContentRegionAvail().x - label_w;
    const float gap = 3.0f;
    const float side = std::clamp((avail - gap * (maps.heads - 1)) / maps.heads, 12.0f, 110.0f);
    model_view_fit(app, static_cast<int>(side)); // a long text's maps pooled to one pixel a cell at most
    for (int l = 0; l < maps.layers; ++l) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("L%d", l);
        for (int h = 0; h < maps.heads; ++h) {
            ImGui::SameLine(h == 0 ? label_w : 0.0f, h == 0 ? -1.0f : gap);
            ImGui::BeginGroup();
            HeatmapOptions opt;
            opt.show_row_labels = opt.show_col_labels = false;
            opt.zoomable = false; // the wheel scrolls the grid; a head opens in the panels to zoom
            opt.fixed_cell = side / maps.size;
            opt.vmax = 1.0;
            const bool selected = l == m.layer && h == m.head;
            const std::string id = "model.view." + std::to_string(l) + "." + std::to_string(h);
            const HeatmapEvents ev = heatmap(app, id.c_str(), maps.map(l, h), maps.size, maps.size, {}, {}, opt);
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            if (selected) ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), kAccent, 0.0f, 0, 2.0f);
            if (ev.hovered_row >= 0) {
                const std::string text = tr(app.language, "model.view_tooltip", {{"layer", std::to_string(l)}, {"head", std::to_string(h)},
                                                                                  {"description", head_description_text(app.language, attn::model::describe_head(maps.pattern(l, h)))}});
                formula_tooltip(app, text);
            }
            if (ev.clicked_row >= 0) {
                model_select(app, l, h);
                lesson_on_head_pick(app, l, h);
            }
            ImGui::EndGroup();
        }
    }
}

void draw_model_view_section(AppState& app, ModelState& m) {
    section_title(tr(app.language, "model.view_title"));
    ImGui::SameLine();
    help_marker(tr(app.language, "model.view_help").c_str());
    draw_model_view(app, m);
}
namespace {

void draw_predictions(AppState& app, const ModelState& m) {
    if (m.next.empty() || m.next_position < 0 || m.next_position >= static_cast<int>(m.tokens.size())) return;
    ImGui::TextDisabled("%s", tr(app.language, "model.after", {{"token", m.tokens[static_cast<size_t>(m.next_position)]}, {"n", std::to_string(m.next_position)}}).c_str());
    const float bar_w = std::max(60.0f, ImGui::GetContentRegionAvail().x - 150.0f);
    for (size_t r = 0; r < m.next.size(); ++r) {
        const attn::model::NextToken& t = m.next[r];
        char p[32];
        std::snprintf(p, sizeof p, "%.3f", t.p);
        ImGui::ProgressBar(static_cast<float>(t.p), ImVec2(bar_w, ImGui::GetTextLineHeight()), p);
        ImGui::SameLine();
        ImGui::TextUnformatted(model_token_text(*m.model, t.id).c_str());
        if (r == 0) track_last_item(app, "model.next.0");
    }
}

// X is T × n_embd (128…768 columns): it scrolls sideways at a readable cell size.
void draw_layer_input(AppState& app, const ModelState& m) {
    const attn::Result& r = *app.result;
    const int T = static_cast<int>(r.tokens.size()), e = r.d_model;
    disabled_wrapped(tr(app.language, "model.layer_input", {{"layer", std::to_string(m.shown_layer)}, {"T", std::to_string(T)}, {"d", std::to_string(e)}}));
    const float cell = 6.0f;
    const float h = std::min(cell * T + 8.0f, 220.0f) + ImGui::GetStyle().ScrollbarSize;
    if (ImGui::BeginChild("##model_x", ImVec2(-FLT_MIN, h), ImGuiChildFlags_None, ImGuiWindowFlags_HorizontalScrollbar)) {
        HeatmapOptions opt;
        opt.colormap = Colormap::RdBu;
        const double range = symmetric_range(r.x.data(), T * e);
        opt.vmin = -range, opt.vmax = range;
        opt.fixed_cell = cell;
        opt.show_col_labels = opt.show_row_labels = false;
        opt.highlight_row = app.selected_query;
        const HeatmapEvents ev = heatmap(app, "model.x", r.x.data(), T, e, r.tokens, {}, opt);
        if (ev.hovered_row >= 0)
            formula_tooltip(app, "x" + std::to_string(ev.hovered_row) + "," + std::to_string(ev.hovered_col) + " = " +
                                     std::to_string(r.x(ev.hovered_row, ev.hovered_col)) + tr(app.language, "sum.part_token", {{"token", r.tokens[static_cast<size_t>(ev.hovered_row)]}}));
        if (ev.clicked_row >= 0) app.selected_query = ev.clicked_row;
    }
    ImGui::EndChild();
}

} // namespace

void draw_model_panel(AppState& app) {
    ModelState& m = model_state(app);
    if (m.imported) return draw_attention_file_panel(app);
    if (!m.model) return;
    const attn::model::Gpt2Config& c = m.model->weights.config;
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(tr(app.language, "model.title", {{"name", m.model->name}}).c_str());
    ImGui::PopStyleColor();
    // Beside the name when it fits, else below it and wrapped: in Chinese it is as wide as the panel.
    const std::string config = tr(app.language, "model.config", {{"layers", std::to_string(c.n_layer)}, {"heads", std::to_string(c.n_head)},
                                                                 {"n_embd", std::to_string(c.n_embd)}, {"d_head", std::to_string(c.head_dim())}});
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(config.c_str()).x) ImGui::NewLine();
    disabled_wrapped(config);
    const bool lesson = !in_mode(app, Mode::Model); // hosted by a lesson step: the lesson panel leaves
    if (!lesson && ImGui::Button(label(app, "model.back", "back").c_str())) {
        model_leave(app);
        return;
    }
    if (!lesson) track_last_item(app, "model.leave");
    if (app.open_model_files && !lesson) {
        ImGui::SameLine();
        if (ImGui::Button(label(app, "model.open", "open").c_str())) app.open_model_files();
        track_last_item(app, "model.open");
        ImGui::SetItemTooltip("%s", tr(app.language, "model.open_tooltip").c_str());
    }
    draw_progress(app, m);
    if (!m.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", error_text(app.language, m.error).c_str());
        ImGui::PopStyleColor();
        track_last_item(app, "model.error");
    }

    // In a lesson the model view is what the steps are about: first, in view without scrolling.
    if (lesson) draw_model_view_section(app, m);
    section_title(tr(app.language, "model.text"));
    if (input_text("##model_text", "", &m.text, 0, ImGui::GetTextLineHeight() * 3.2f)) model_set_text(app, m.text);
    track_last_item(app, "model.text");
    draw_token_chips(app, m);
    if (m.clipped) ImGui::TextDisabled("%s", tr(app.language, "model.clipped", {{"n", std::to_string(c.n_positions)}}).c_str());

    section_title(tr(app.language, "model.layer_and_head"));
    draw_layer_head_picker(app, m, c.n_layer, c.n_head);

    if (!lesson) draw_model_view_section(app, m);

    section_title(tr(app.language, "model.predictions"));
    draw_predictions(app, m);

    section_title("X");
    if (app.result && model_on_screen(app) && m.shown_layer >= 0) draw_layer_input(app, m);
}

} // namespace attn::ui
