// attnviz UI: the attention panels — Q/K/V, scores, weights.
#include "attention_import.h"
#include "formula.h"
#include "heatmap.h"
#include "lesson_mode.h"
#include "panels.h"
#include "session.h"
#include "widgets.h"
#include "scenario_edit.h"
#include "theme.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <string>

namespace attn::ui {

namespace {

void panel_title(const char* number, const std::string& title) {
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::Text("%s  %s", number, title.c_str());
    ImGui::PopStyleColor();
}

std::string head_name(const AppState& app, const attn::Result& r, int h) {
    return r.heads > 1 ? tr(app.language, "attention.head_of", {{"n", std::to_string(h + 1)}, {"heads", std::to_string(r.heads)}})
                       : std::string();
}

// Where the labels are small, thinned out or zoomed, the tooltip names the cell's tokens first.
std::string tokens_line(const HeatmapEvents& ev) { return ev.labels_reduced || ev.zoomable ? ev.hovered_names + "\n" : std::string(); }

std::vector<std::string> dim_labels(int n) {
    std::vector<std::string> l(n);
    for (int c = 0; c < n; ++c) l[c] = std::to_string(c + 1);
    return l;
}

} // namespace

// [SECTION] 4. Q, K, V

void draw_qkv_panel(AppState& app) {
    const attn::Result& r = *app.result;
    if (weights_only(r)) return draw_weights_only_notice(app, "4  " + tr(app.language, "qkv.title"));
    const int h = app.selected_head;
    const attn::HeadResult& hr = r.head[h];
    panel_title("4", tr(app.language, "qkv.title") + head_name(app, r, h));
    help_marker(tr(app.language, "qkv.help").c_str());
    const int T = static_cast<int>(r.tokens.size()), dk = r.d_k, Ts = static_cast<int>(r.key_tokens.size());
    const double range = std::max({symmetric_range(hr.q.data(), T * dk), symmetric_range(hr.k.data(), Ts * dk),
                                   symmetric_range(hr.v.data(), Ts * dk)});
    const std::vector<std::string> cols = dim_labels(dk);
    const float height = ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() - 4.0f;
    // Q carries the token labels; its column is wider by exactly them, so all three get equal cells.
    float label_w = 0.0f;
    const bool cross = r.scenario.has_source; // K and V come from the source: they need their own labels
    for (const std::string& t : r.tokens) label_w = std::max(label_w, ImGui::CalcTextSize(t.c_str()).x);
    if (cross)
        for (const std::string& t : r.key_tokens) label_w = std::max(label_w, ImGui::CalcTextSize(t.c_str()).x);
    label_w = std::min(label_w, 110.0f) + ImGui::GetStyle().ItemSpacing.x;
    const int labelled = cross ? 3 : 1;
    const float data_w = (ImGui::GetContentRegionAvail().x - labelled * label_w - 3 * ImGui::GetStyle().CellPadding.x * 2) / 3;
    if (ImGui::BeginTable("##qkv", 3, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("Q", ImGuiTableColumnFlags_WidthFixed, data_w + label_w);
        ImGui::TableSetupColumn("K", ImGuiTableColumnFlags_WidthFixed, data_w + (cross ? label_w : 0.0f));
        ImGui::TableSetupColumn("V", ImGuiTableColumnFlags_WidthFixed, data_w + (cross ? label_w : 0.0f));
        const char* names[3] = {"Q = X·W_Q", cross ? "K = S·W_K" : "K = X·W_K", cross ? "V = S·W_V" : "V = X·W_V"};
        const attn::Matrix* mats[3] = {&hr.q, &hr.k, &hr.v};
        const char which[3] = {'q', 'k', 'v'};
        float cell = 0.0f; // Q sets it (with the row labels); K and V match it, so all three read alike
        for (int m = 0; m < 3; ++m) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(names[m]);
            HeatmapOptions opt;
            opt.colormap = Colormap::RdBu;
            opt.vmin = -range, opt.vmax = range;
            opt.height = height;
            opt.max_cell = 48.0f;
            opt.fixed_cell = cell;
            opt.highlight_row = app.selected_query;
            opt.show_row_labels = m == 0 || cross;
            opt.marked = lesson_cells(app, "qkv");
            const std::string id = std::string("qkv.") + which[m];
            const HeatmapEvents ev = m == 0 || !cross ? heatmap(app, id.c_str(), mats[m]->data(), T, dk, r.tokens, cols, opt)
                                                      : heatmap(app, id.c_str(), mats[m]->data(), Ts, dk, r.key_tokens, cols, opt);
            cell = ev.cell;
            if (ev.hovered_row >= 0) formula_tooltip(app, projection_formula(r, which[m], h, ev.hovered_row, ev.hovered_col));
            if (ev.clicked_row >= 0 && (m == 0 || !cross)) app.selected_query = ev.clicked_row;
        }
        ImGui::EndTable();
    }
}

// [SECTION] 5. Scores

void draw_scores_panel(AppState& app) {
    const attn::Result& r = *app.result;
    if (weights_only(r)) return draw_weights_only_notice(app, "5  " + tr(app.language, "scores.title"));
    const int h = app.selected_head;
    const attn::HeadResult& hr = r.head[h];
    const std::string views[] = {tr(app.language, "scores.view_scores") + "###scores", tr(app.language, "scores.view_logits") + "###logits"};
    panel_title("5", tr(app.language, "scores.title") + head_name(app, r, h));
    help_marker(tr(app.language, "scores.help").c_str());
    ImGui::SameLine(0.0f, 16.0f);
    ImGui::RadioButton(views[0].c_str(), &app.scores_view, 0);
    track_last_item(app, "scores.view.scores");
    ImGui::SameLine();
    ImGui::RadioButton(views[1].c_str(), &app.scores_view, 1);
    track_last_item(app, "scores.view.logits");
    const int T = static_cast<int>(r.tokens.size()), Ts = static_cast<int>(r.key_tokens.size());
    const attn::Matrix& m = app.scores_view == 0 ? hr.scores : hr.logits;
    const double range = scores_view_range(hr.scores.data(), hr.logits.data(), T * Ts);
    HeatmapOptions opt;
    opt.colormap = Colormap::RdBu;
    opt.vmin = -range, opt.vmax = range;
    opt.highlight_row = app.selected_query;
    opt.marked = lesson_cells(app, app.scores_view == 0 ? "scores" : "logits");
    opt.hidden = lesson_hidden(app, "scores");
    const float bar_w = 80.0f;
    opt.max_width = ImGui::GetContentRegionAvail().x - bar_w;
    opt.height = ImGui::GetContentRegionAvail().y;
    const HeatmapEvents ev = heatmap(app, "heatmap.scores", m.data(), T, Ts, r.tokens, r.key_tokens, opt);
    if (ev.hovered_hidden)
        formula_tooltip(app, hidden_tooltip(app));
    else if (ev.hovered_row >= 0)
        formula_tooltip(app, tokens_line(ev) + score_formula(r, h, ev.hovered_row, ev.hovered_col) + "\n" +
                                 logit_formula(r, h, ev.hovered_row, ev.hovered_col, app.language));
    if (ev.clicked_row >= 0) {
        app.selected_query = ev.clicked_row;
        lesson_on_cell_click(app, "scores", h, ev.clicked_row, ev.clicked_col);
    }
    ImGui::SameLine(0.0f, 12.0f);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(1, ImGui::GetTextLineHeight()));
    colorbar("scores.bar", Colormap::RdBu, -range, range, std::max(60.0f, std::min(ev.cell * T, 220.0f)));
    if (r.scenario.has_source) ImGui::TextDisabled("%s", tr(app.language, "scores.cross_axes").c_str());
    if (app.scores_view == 1) { // what changed between the two views, in numbers
        const double factor = (r.scenario.scale ? 1.0 / std::sqrt(static_cast<double>(r.d_k)) : 1.0) / r.scenario.temperature;
        ImGui::TextDisabled("l = s × %s", format_number(factor, 3).c_str());
        ImGui::TextDisabled("%s", tr(app.language, "scores.colour_note").c_str());
    }
    ImGui::EndGroup();
}

// [SECTION] 6. Attention weights

namespace {

void weights_tooltip_and_clicks(AppState& app, const attn::Result& r, int h, const HeatmapEvents& ev) {
    // An open lesson click task answers the click; it is judged on the step's scenario, so it
    // must not mask the cell too.
    const bool masks = app.mask_editing && !lesson_takes_clicks(app, "weights");
    if (ev.hovered_hidden) {
        formula_tooltip(app, hidden_tooltip(app));
    } else if (ev.hovered_row >= 0) {
        std::string text = weights_only(r) ? weights_only_tooltip(app.language, r, ev.hovered_row, ev.hovered_col)
                                           : tokens_line(ev) + weight_formula(r, h, ev.hovered_row, ev.hovered_col, app.language);
        if (masks) text += "\n" + tr(app.language, r.mask(ev.hovered_row, ev.hovered_col) != 0.0 ? "weights.click_to_mask" : "weights.click_to_unmask");
        formula_tooltip(app, text);
    }
    if (ev.clicked_row >= 0) {
        app.selected_query = ev.clicked_row;
        app.selected_head = h;
        lesson_on_cell_click(app, "weights", h, ev.clicked_row, ev.clicked_col);
        if (masks) {
            toggle_mask_cell(app.scenario, ev.clicked_row, ev.clicked_col);
            mark_edited(app);
        }
    }
}

} // namespace

// A long text's weights are all near 1/T: on 0…1 the map would be one flat colour, so
// from kStretchTokens keys on the colours always span 0…the largest weight.
constexpr int kStretchTokens = 16;

double weights_colour_max(const AppState& app, const attn::Result& r) {
    // The colour range: 0…1, or 0…the largest weight on screen.
    if (!app.weights_to_max && static_cast<int>(r.key_tokens.size()) < kStretchTokens) return 1.0;
    double vmax = 1e-9;
    for (int h = 0; h < r.heads; ++h)
        if (app.show_all_heads || h == app.selected_head) vmax = std::max(vmax, r.head[h].weights.maxCoeff());
    return vmax;
}

void draw_weights_panel(AppState& app) {
    const attn::Result& r = *app.result;
    const int T = static_cast<int>(r.tokens.size()), Ts = static_cast<int>(r.key_tokens.size());
    const bool all_heads = app.show_all_heads && r.heads > 1; // back at one head, the title says so
    panel_title("6", tr(app.language, "weights.title") + (all_heads ? tr(app.language, "weights.all_heads") : head_name(app, r, app.selected_head)));
    if (all_heads) track_last_item(app, "weights.title.all_heads");
    help_marker(tr(app.language, "weights.help").c_str());
    // Beside the title when it fits, else on the next line.
    const float toggle_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tr(app.language, "weights.to_max").c_str()).x;
    ImGui::SameLine(0.0f, 16.0f);
    if (ImGui::GetContentRegionAvail().x < toggle_w) ImGui::NewLine();
    const bool always = Ts >= kStretchTokens;
    bool stretch = app.weights_to_max || always;
    ImGui::BeginDisabled(always);
    if (ImGui::Checkbox(label(app, "weights.to_max", "to_max").c_str(), &stretch)) app.weights_to_max = stretch;
    ImGui::EndDisabled();
    if (always && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(app.language, "weights.to_max_always", {{"n", std::to_string(Ts)}}).c_str());
    track_last_item(app, "weights.to_max");
    const double vmax = weights_colour_max(app, r);

    if (app.show_all_heads && r.heads > 1) {
        const int per_row = std::min(r.heads, 4);
        if (ImGui::BeginTable("##allheads", per_row, ImGuiTableFlags_SizingStretchSame)) {
            const float rows_of_maps = static_cast<float>((r.heads + per_row - 1) / per_row);
            const float height = (ImGui::GetContentRegionAvail().y / rows_of_maps) - ImGui::GetTextLineHeightWithSpacing() * 2;
            float all_cell = 0.0f;
            for (int h = 0; h < r.heads; ++h) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(tr(app.language, "common.head", {{"n", std::to_string(h + 1)}}).c_str());
                HeatmapOptions opt;
                opt.vmax = vmax;
                opt.height = height;
                opt.highlight_row = app.selected_query;
                opt.show_row_labels = false; // labels on one head only would make it smaller than the rest
                opt.fixed_cell = all_cell;
                opt.show_col_labels = false;
                const std::string id = "heatmap.weights.head." + std::to_string(h + 1);
                const HeatmapEvents ev = heatmap(app, id.c_str(), r.head[h].weights.data(), T, Ts, r.tokens, r.key_tokens, opt);
                all_cell = ev.cell; // every head in the first one's cell size
                weights_tooltip_and_clicks(app, r, h, ev);
            }
            ImGui::EndTable();
        }
        return;
    }

    const int h = app.selected_head;
    const attn::HeadResult& hr = r.head[h];
    // The entropy column shows only where its cells can hold a number (below); without it
    // the map takes the room, which long texts need for their labels.
    const float line = ImGui::GetTextLineHeight();
    const bool entropy_fits = std::min(ImGui::GetContentRegionAvail().y / T, (ImGui::GetContentRegionAvail().x - 150.0f) / Ts) >= line * 1.2f;
    const float side_w = entropy_fits ? 150.0f : 90.0f; // entropy column + colour bar, or the bar alone
    HeatmapOptions opt;
    opt.vmin = 0.0, opt.vmax = vmax;
    opt.highlight_row = app.selected_query;
    opt.marked = lesson_cells(app, "weights");
    opt.hidden = lesson_hidden(app, "weights");
    opt.max_width = ImGui::GetContentRegionAvail().x - side_w;
    opt.height = ImGui::GetContentRegionAvail().y;
    const HeatmapEvents ev = heatmap(app, "heatmap.weights", hr.weights.data(), T, Ts, r.tokens, r.key_tokens, opt);
    weights_tooltip_and_clicks(app, r, h, ev);

    // Entropy: one cell per row, lined up with the weight rows.
    ImGui::SameLine(0.0f, 12.0f);
    ImGui::BeginGroup();
    HeatmapOptions hopt;
    hopt.vmin = 0.0, hopt.vmax = std::max(std::log(static_cast<double>(Ts)), 1e-9);
    hopt.fixed_cell = ev.cell;
    hopt.max_cell = 48.0f;
    hopt.show_row_labels = false;
    hopt.highlight_row = app.selected_query;
    hopt.decimals = 2;
    hopt.hidden = lesson_hidden(app, "entropy");
    static const std::vector<std::string> kH = {"H"};
    if (entropy_fits && ev.cell >= line * 1.2f) {
        const HeatmapEvents hev = heatmap(app, "heatmap.entropy", hr.entropy.data(), T, 1, r.tokens, kH, hopt);
        if (hev.hovered_hidden) formula_tooltip(app, hidden_tooltip(app));
        else if (hev.hovered_row >= 0) formula_tooltip(app, entropy_formula(r, h, hev.hovered_row, app.language));
        if (hev.clicked_row >= 0) app.selected_query = hev.clicked_row;
    }
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, 12.0f);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(1, ImGui::GetTextLineHeight()));
    colorbar("weights.bar", Colormap::Viridis, 0.0, vmax, std::max(60.0f, std::min(ev.cell * T, 220.0f)));
    ImGui::EndGroup();
}

} // namespace attn::ui
