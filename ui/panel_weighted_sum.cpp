// attnviz UI: the weighted sum o_i = Σ_j w_ij·v_j for the selected query, and the outputs.
#include "attention_import.h"
#include "formula.h"
#include "heatmap.h"
#include "lesson_mode.h"
#include "panels.h"
#include "session.h"
#include "widgets.h"
#include "theme.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <string>

namespace attn::ui {

namespace {

// Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
constexpr ImU32 kTokenColours[8] = {
    IM_COL32(230, 159, 0, 255),  IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255), IM_COL32(240, 228, 66, 255),
    IM_COL32(0, 114, 178, 255),  IM_COL32(213, 94, 0, 255),   IM_COL32(204, 121, 167, 255), IM_COL32(200, 200, 200, 255)};

// Beyond 8 tokens colours cannot stay distinguishable: the 7 largest weights of the row
// get the palette's first 7 colours, in order, and the rest two alternating greys (listed
// together in the legend, by name in its tooltip).
constexpr int kColouredTokens = 7;
constexpr ImU32 kOtherTokens[2] = {IM_COL32(95, 95, 105, 255), IM_COL32(125, 125, 135, 255)};

struct TokenColours {
    std::vector<ImU32> colour; // per key token j
    std::vector<int> order;    // key tokens by descending weight (ties: by position)
    int coloured = 0;          // the first `coloured` of `order` have their own colour
};

TokenColours token_colours(const attn::HeadResult& hr, int i, int Ts) {
    TokenColours c;
    c.order.resize(Ts);
    for (int j = 0; j < Ts; ++j) c.order[j] = j;
    c.colour.resize(Ts);
    if (Ts <= 8) { // each its own colour, in token order, as the lessons describe them
        for (int j = 0; j < Ts; ++j) c.colour[j] = kTokenColours[j];
        c.coloured = Ts;
        return c;
    }
    std::stable_sort(c.order.begin(), c.order.end(), [&](int a, int b) { return hr.weights(i, a) > hr.weights(i, b); });
    c.coloured = kColouredTokens;
    for (int k = 0; k < Ts; ++k) c.colour[c.order[k]] = k < kColouredTokens ? kTokenColours[k] : kOtherTokens[c.order[k] % 2];
    return c;
}

// Stacked contributions w_ij·v_jc, one bar per output dimension c: positive parts stack up
// from zero, negative parts down, and a white tick marks their sum o_ic.
void contribution_chart(AppState& app, const attn::Result& r, int h, int i, const TokenColours& colours, ImVec2 size) {
    const attn::HeadResult& hr = r.head[h];
    const int T = static_cast<int>(r.key_tokens.size()), dk = r.d_k; // one part per value row
    double extent = 1e-9;
    for (int c = 0; c < dk; ++c) {
        double up = 0, down = 0;
        for (int j = 0; j < T; ++j) {
            const double part = hr.weights(i, j) * hr.v(j, c);
            (part > 0 ? up : down) += part;
        }
        extent = std::max({extent, up, -down});
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float axis_w = ImGui::CalcTextSize("−0.00 ").x;
    const float plot_w = size.x - axis_w, plot_h = size.y - ImGui::GetTextLineHeight() - 4;
    const float zero_y = p.y + plot_h * 0.5f;
    const float scale = static_cast<float>((plot_h * 0.5f - 2) / extent);
    const float slot = plot_w / dk, bar = std::min(slot * 0.7f, 60.0f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), faint = ImGui::GetColorU32(ImGuiCol_TextDisabled);

    dl->AddText(ImVec2(p.x, p.y), faint, format_number(extent, 2).c_str());
    dl->AddText(ImVec2(p.x, zero_y - ImGui::GetTextLineHeight() * 0.5f), faint, "0");
    dl->AddText(ImVec2(p.x, p.y + plot_h - ImGui::GetTextLineHeight()), faint, format_number(-extent, 2).c_str());
    dl->AddLine(ImVec2(p.x + axis_w, zero_y), ImVec2(p.x + size.x, zero_y), faint);

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::string hover_text;
    for (int c = 0; c < dk; ++c) {
        const float x0 = p.x + axis_w + slot * c + (slot - bar) * 0.5f, x1 = x0 + bar;
        float up = zero_y, down = zero_y;
        for (int j = 0; j < T; ++j) {
            const double part = hr.weights(i, j) * hr.v(j, c);
            const float hgt = static_cast<float>(part) * scale;
            ImVec2 a, b;
            if (part >= 0) { a = ImVec2(x0, up - hgt); b = ImVec2(x1, up); up -= hgt; }
            else { a = ImVec2(x0, down); b = ImVec2(x1, down - hgt); down -= hgt; }
            dl->AddRectFilled(a, b, colours.colour[j]);
            if (b.y - a.y > 2) dl->AddRect(a, b, IM_COL32(30, 30, 35, 255));
            // A part tall enough carries its token's name: colours alone repeat in long texts.
            const float type = std::min(ImGui::GetFontSize(), b.y - a.y - 2.0f);
            if (T > 8 && type >= 9.0f) {
                const std::string name = r.key_tokens[j];
                const float tw = ImGui::CalcTextSize(name.c_str()).x * type / ImGui::GetFontSize();
                if (tw <= bar - 4.0f) {
                    dl->AddText(ImGui::GetFont(), type, ImVec2((a.x + b.x - tw) * 0.5f, (a.y + b.y - type) * 0.5f),
                                contrasting_text_rgba(colours.colour[j]), name.c_str());
                    track_widget(app, "sum.part." + std::to_string(c + 1) + "." + std::to_string(j + 1), a, ImVec2(b.x - a.x, b.y - a.y));
                }
            }
            if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y)
                hover_text = "w" + index_pair(i + 1, j + 1) + "·v" + index_pair(j + 1, c + 1) + " = " +
                             format_number(hr.weights(i, j)) + "·" + format_number(hr.v(j, c)) + " = " +
                             format_number(part) + tr(app.language, "sum.part_token", {{"token", r.key_tokens[j]}});
        }
        const float sum_y = zero_y - static_cast<float>(hr.output(i, c)) * scale;
        dl->AddLine(ImVec2(x0 - 4, sum_y), ImVec2(x1 + 4, sum_y), IM_COL32(255, 255, 255, 255), 2.5f);
        if (mouse.x >= x0 - 4 && mouse.x < x1 + 4 && std::abs(mouse.y - sum_y) < 3)
            hover_text = head_output_formula(r, h, i, c);
        // Each bar is one entry of o_i: o_i1, o_i2, … (lesson 1 asks for o₁₂).
        const std::string name = "o" + index_pair(i + 1, c + 1);
        const float name_w = ImGui::CalcTextSize(name.c_str()).x;
        if (slot > name_w + 2) {
            const ImVec2 at(x0 + bar * 0.5f - name_w * 0.5f, p.y + plot_h + 2);
            dl->AddText(at, text, name.c_str());
            track_widget(app, "sum.bar." + name, at, ImGui::CalcTextSize(name.c_str()));
        }
    }
    ImGui::InvisibleButton("##chart", size);
    track_last_item(app, "sum.chart");
    if (ImGui::IsItemHovered() && !hover_text.empty()) formula_tooltip(app, hover_text);
}

// The selected query's row: a legend of its weights, the stacked contributions, o_i.
void draw_sum_of_row(AppState& app, const attn::Result& r, int h, int i) {
    const attn::HeadResult& hr = r.head[h];
    const int Ts = static_cast<int>(r.key_tokens.size()); // the legend lists the value rows
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const TokenColours colours = token_colours(hr, i, Ts);
    const float s = ImGui::GetTextLineHeight();
    auto entry = [&](bool first, ImU32 colour, const std::string& label) {
        const float w = s + 4 + ImGui::CalcTextSize(label.c_str()).x;
        if (!first) {
            ImGui::SameLine(0, 10);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + s - 4, p.y + s - 2), colour);
        ImGui::BeginGroup();
        ImGui::Dummy(ImVec2(s, s));
        ImGui::SameLine(0, 0);
        ImGui::TextUnformatted(label.c_str());
        ImGui::EndGroup();
    };
    const int decimals = Ts > 50 ? 3 : 2; // weights near 1/T: 0.002 would print as 0.00
    // Long texts: the tokens with their own colours, largest weight first, numbered.
    for (int k = 0; k < colours.coloured; ++k) {
        const int j = colours.order[k];
        entry(k == 0, colours.colour[j], r.key_tokens[j] + (Ts > 8 ? " (" + std::to_string(j + 1) + ") " : " ") + format_number(hr.weights(i, j), decimals));
        track_last_item(app, "sum.legend." + std::to_string(j + 1));
    }
    if (Ts > colours.coloured) {
        double rest = 0.0;
        std::string names;
        for (int k = colours.coloured; k < Ts; ++k) {
            const int j = colours.order[k];
            rest += hr.weights(i, j);
            names += (k > colours.coloured ? (k % 4 == colours.coloured % 4 ? "\n" : ",  ") : "") + r.key_tokens[j] + " (" + std::to_string(j + 1) + ") " +
                     format_number(hr.weights(i, j), 3);
        }
        entry(false, kOtherTokens[0], tr(app.language, "sum.others", {{"n", std::to_string(Ts - colours.coloured)}, {"weight", format_number(rest, 2)}}));
        track_last_item(app, "sum.legend.others");
        if (ImGui::IsItemHovered()) formula_tooltip(app, tr(app.language, "sum.others_tooltip") + "\n" + names);
    }

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float chart_h = std::max(80.0f, avail.y * 0.32f);
    contribution_chart(app, r, h, i, colours, ImVec2(avail.x, chart_h));

    std::string oi = "o" + subscript(i + 1) + " = [";
    for (int c = 0; c < std::min(r.d_k, 8); ++c) oi += (c ? ", " : "") + format_number(hr.output(i, c));
    oi += r.d_k > 8 ? ", …]" : "]";
    ImGui::TextWrapped("%s", oi.c_str()); // wraps in the narrow columns of the training layout
    track_last_item(app, "sum.output_vector");
}

} // namespace

void draw_weighted_sum_panel(AppState& app) {
    const attn::Result& r = *app.result;
    if (weights_only(r)) return draw_weights_only_notice(app, tr(app.language, "sum.title"));
    const int h = app.selected_head, i = app.selected_query;
    const attn::HeadResult& hr = r.head[h];
    const int T = static_cast<int>(r.tokens.size());
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(tr(app.language, "sum.heading", {{"i", subscript(i + 1)}, {"token", r.tokens[i]},
                                                           {"head", r.heads > 1 ? tr(app.language, "common.head_suffix", {{"n", std::to_string(h + 1)}}) : ""}})
                               .c_str());
    ImGui::PopStyleColor();
    help_marker(tr(app.language, "sum.help").c_str());

    if (lesson_hides_row(app, "sum", i)) { // the legend's weights and the bars would give the answer away
        ImGui::TextDisabled("%s", tr(app.language, "sum.hidden").c_str());
        track_last_item(app, "sum.hidden");
    } else {
        draw_sum_of_row(app, r, h, i);
    }

    if (ImGui::BeginTable("##outputs", 2, ImGuiTableFlags_SizingStretchSame)) {
        const float height = ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() - 4;
        std::vector<std::string> dk_labels(r.d_k), d_labels(r.d_model);
        for (int c = 0; c < r.d_k; ++c) dk_labels[c] = std::to_string(c + 1);
        for (int c = 0; c < r.d_model; ++c) d_labels[c] = std::to_string(c + 1);
        HeatmapOptions opt;
        opt.colormap = Colormap::RdBu;
        opt.height = height;
        opt.max_cell = 36.0f;
        opt.highlight_row = i;

        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.heads > 1 ? tr(app.language, "sum.head_output").c_str() : "P·V");
        double range = symmetric_range(hr.output.data(), T * r.d_k);
        opt.vmin = -range, opt.vmax = range;
        opt.hidden = lesson_hidden(app, "head_output");
        HeatmapEvents ev = heatmap(app, "heatmap.head_output", hr.output.data(), T, r.d_k, r.tokens, dk_labels, opt);
        if (ev.hovered_hidden) formula_tooltip(app, hidden_tooltip(app));
        else if (ev.hovered_row >= 0) formula_tooltip(app, head_output_formula(r, h, ev.hovered_row, ev.hovered_col));
        if (ev.clicked_row >= 0) app.selected_query = ev.clicked_row;

        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", tr(app.language, "sum.layer_output").c_str()); // wraps in the narrow training layout
        range = symmetric_range(r.output.data(), T * r.d_model);
        opt.vmin = -range, opt.vmax = range;
        opt.show_row_labels = false;
        opt.marked = lesson_cells(app, "output");
        opt.hidden = lesson_hidden(app, "output");
        ev = heatmap(app, "heatmap.output", r.output.data(), T, r.d_model, r.tokens, d_labels, opt);
        if (ev.hovered_hidden)
            formula_tooltip(app, hidden_tooltip(app));
        else if (ev.hovered_row >= 0)
            formula_tooltip(app, tr(app.language, "sum.output_symbol") + index_pair(ev.hovered_row + 1, ev.hovered_col + 1) + " = concat" +
                                     subscript(ev.hovered_row + 1) + "·W_O[:, " + std::to_string(ev.hovered_col + 1) +
                                     "] = " + format_number(r.output(ev.hovered_row, ev.hovered_col)));
        if (ev.clicked_row >= 0) app.selected_query = ev.clicked_row;
        ImGui::EndTable();
    }
}

} // namespace attn::ui
