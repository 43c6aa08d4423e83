// attnviz UI: model mode's panel — the model, its text and tokens, the layer and head, the
// model view (every layer's and head's attention, BertViz-style), the next-token
// predictions and X, the selected layer's normalised input. The other panels show the
// selected head through the usual Result (model_mode.h).
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

void section(const char* title) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
}

// A thin bar under the text while the model runs or the page reads a model's files.
void draw_progress(AppState& app, const ModelState& m) {
    if (m.status_progress >= 0.0) {
        ImGui::ProgressBar(static_cast<float>(m.status_progress), ImVec2(-FLT_MIN, 0), m.status.c_str());
        track_last_item(app, "model.loading");
    }
    if (model_busy(app)) {
        char label[64];
        std::snprintf(label, sizeof label, "running the model: %d of %d tokens", m.run ? m.run->length() : 0,
                      static_cast<int>(m.ids.size()));
        ImGui::ProgressBar(static_cast<float>(model_progress(app)), ImVec2(-FLT_MIN, 0), label);
        track_last_item(app, "model.progress");
    }
}

void draw_token_chips(AppState& app, const ModelState& m) {
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
            ImGui::SetTooltip("token %d: id %d\n(· is a space, ↵ a newline, ⇥ a tab)\nclick: predictions after it, its row in every panel", i,
                              m.ids[static_cast<size_t>(i)]);
        ImGui::PopID();
    }
}

} // namespace

void draw_layer_head_picker(AppState& app, ModelState& m, int n_layers, int n_heads) {
    int layer = m.layer, head = m.head;
    const float w = std::max(80.0f, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
    ImGui::SetNextItemWidth(w);
    if (n_layers > 1) ImGui::SliderInt("##model_layer", &layer, 0, n_layers - 1, "layer %d", ImGuiSliderFlags_AlwaysClamp);
    else ImGui::Text("layer 0");
    track_last_item(app, "model.layer");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    if (n_heads > 1) ImGui::SliderInt("##model_head", &head, 0, n_heads - 1, "head %d", ImGuiSliderFlags_AlwaysClamp);
    else ImGui::Text("head 0");
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
                const std::string text = "layer " + std::to_string(l) + ", head " + std::to_string(h) + ": " +
                                         attn::model::describe_head(maps.pattern(l, h)) + "\nclick to open it in the panels";
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
    section("Model view: every layer and head");
    ImGui::SameLine();
    help_marker("Each small map is one head's attention weights on this text (rows: queries, columns: keys). "
                "Hover for what the head does here, measured: the mean weight on the previous token, on the token after "
                "the previous occurrence of the current one (induction), and on the first token. Click to open it.");
    draw_model_view(app, m);
}
namespace {

void draw_predictions(AppState& app, const ModelState& m) {
    if (m.next.empty() || m.next_position < 0 || m.next_position >= static_cast<int>(m.tokens.size())) return;
    ImGui::TextDisabled("after “%s” (token %d):", m.tokens[static_cast<size_t>(m.next_position)].c_str(), m.next_position);
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
    ImGui::TextDisabled("X: layer %d's input after ln_1, %d × %d (scroll sideways)", m.shown_layer, T, e);
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
                                     std::to_string(r.x(ev.hovered_row, ev.hovered_col)) + " (token “" + r.tokens[static_cast<size_t>(ev.hovered_row)] + "”)");
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
    ImGui::Text("Model: %s", m.model->name.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("%d layers × %d heads, n_embd %d, d_head %d", c.n_layer, c.n_head, c.n_embd, c.head_dim());
    const bool lesson = !in_mode(app, Mode::Model); // hosted by a lesson step: the lesson panel leaves
    if (!lesson && ImGui::Button("Back to my sentence")) {
        model_leave(app);
        return;
    }
    if (!lesson) track_last_item(app, "model.leave");
    if (app.open_model_files && !lesson) {
        ImGui::SameLine();
        if (ImGui::Button("Open a model…")) app.open_model_files();
        track_last_item(app, "model.open");
        ImGui::SetItemTooltip("The four files of a GPT-2 folder (config.json, model.safetensors, vocab.json, merges.txt),\n"
                              "or drop them or the folder on the page. Nothing leaves your machine.");
    }
    draw_progress(app, m);
    if (!m.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", m.error.c_str());
        ImGui::PopStyleColor();
        track_last_item(app, "model.error");
    }

    // In a lesson the model view is what the steps are about: first, in view without scrolling.
    if (lesson) draw_model_view_section(app, m);
    section("Text");
    if (input_text("##model_text", "", &m.text, 0, ImGui::GetTextLineHeight() * 3.2f)) model_set_text(app, m.text);
    track_last_item(app, "model.text");
    draw_token_chips(app, m);
    if (m.clipped) ImGui::TextDisabled("only the first %d tokens are run (the model's n_positions)", c.n_positions);

    section("Layer and head");
    draw_layer_head_picker(app, m, c.n_layer, c.n_head);

    if (!lesson) draw_model_view_section(app, m);

    section("Predictions: the next token");
    draw_predictions(app, m);

    section("X");
    if (app.result && model_on_screen(app) && m.shown_layer >= 0) draw_layer_input(app, m);
}

} // namespace attn::ui
