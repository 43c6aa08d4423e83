#include "heatmap.h"
#include "widgets.h"
#include "formula.h"
#include "theme.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <string>

namespace attn::ui {

namespace {

// Above this many cells, or when cells are smaller than this, the matrix is drawn as one
// texture instead of one rectangle per cell: 512×512 rectangles would be 1.5 M vertices.
constexpr int kTextureCellCount = 64 * 64;
constexpr float kTextureCellPixels = 8.0f;

std::string label_or_index(const std::vector<std::string>& labels, int i) {
    return i < static_cast<int>(labels.size()) ? labels[i] : std::to_string(i + 1);
}

// Labels longer than the space they get are cut with an ellipsis rather than overlapping.
std::string fit_label(const std::string& s, float max_width) {
    if (ImGui::CalcTextSize(s.c_str()).x <= max_width) return s;
    std::string out = s;
    while (!out.empty()) {
        // Drop one whole UTF-8 code point from the end.
        do out.pop_back(); while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80);
        if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
        if (ImGui::CalcTextSize((out + "…").c_str()).x <= max_width) return out + "…";
    }
    return "";
}

// Smallest type a label is drawn in: below it a label is unreadable, and hovering shows it.
constexpr float kMinLabelPixels = 8.0f;
// Height of the band for rotated column labels (long labels get an ellipsis).
constexpr float kRotatedLabelBand = 52.0f;

// Text turned 90° anticlockwise (read bottom to top), starting at `pivot` and going up:
// the column labels of a long text, where written across they would not fit one cell.
void add_text_rotated(ImDrawList* dl, float size, ImVec2 pivot, ImU32 col, const std::string& text) {
    const int first = dl->VtxBuffer.Size;
    dl->AddText(ImGui::GetFont(), size, pivot, col, text.c_str());
    // (x, y) → (x0 + (y − y0), y0 − (x − x0)) around the pivot.
    for (int k = first; k < dl->VtxBuffer.Size; ++k) {
        ImVec2& v = dl->VtxBuffer[k].pos;
        const float dx = v.x - pivot.x, dy = v.y - pivot.y;
        v = ImVec2(pivot.x + dy, pivot.y - dx);
    }
}

std::string fit_label_at(const std::string& s, float size, float max_width) {
    return fit_label(s, max_width * ImGui::GetFontSize() / size);
}

double normalised(double v, const HeatmapOptions& opt) {
    return opt.vmax > opt.vmin ? (v - opt.vmin) / (opt.vmax - opt.vmin) : 0.5;
}

constexpr ImU32 kMaskedFill = IM_COL32(70, 70, 78, 255);
constexpr ImU32 kMaskedHatch = IM_COL32(110, 110, 120, 255);

void draw_masked_cell(ImDrawList* dl, ImVec2 a, ImVec2 b) {
    dl->AddRectFilled(a, b, kMaskedFill);
    dl->PushClipRect(a, b, true);
    const float step = 6.0f;
    for (float x = a.x - (b.y - a.y); x < b.x; x += step)
        dl->AddLine(ImVec2(x, b.y), ImVec2(x + (b.y - a.y), a.y), kMaskedHatch);
    dl->PopClipRect();
}

// Uploads the whole matrix as rows×cols texels; the GPU's nearest filtering scales it.
bool draw_as_texture(AppState& app, ImGuiID id, const double* values, int rows, int cols, const HeatmapOptions& opt,
                     ImVec2 a, ImVec2 b) {
    if (!app.textures.upload) return false;
    HeatmapTexture& tex = app.heatmap_textures[id];
    const bool stale = !tex.texture || tex.source != values || tex.generation != app.generation ||
                       tex.vmin != opt.vmin || tex.vmax != opt.vmax ||
                       tex.pixels.size() != static_cast<size_t>(rows) * cols;
    if (stale) {
        tex.pixels.resize(static_cast<size_t>(rows) * cols);
        for (size_t i = 0; i < tex.pixels.size(); ++i)
            tex.pixels[i] = std::isfinite(values[i]) ? colormap_rgba(opt.colormap, normalised(values[i], opt)) : kMaskedFill;
        tex.texture = app.textures.upload(tex.texture, tex.pixels.data(), cols, rows, app.textures.user);
        tex.source = values, tex.generation = app.generation, tex.vmin = opt.vmin, tex.vmax = opt.vmax;
    }
    if (!tex.texture) return false;
    ImGui::GetWindowDrawList()->AddImage(tex.texture, a, b);
    return true;
}

bool is_hidden(const HeatmapOptions& opt, int i, int j) {
    for (const auto& [r, c] : opt.hidden)
        if (r == i && (c < 0 || c == j)) return true;
    return false;
}

constexpr ImU32 kHiddenFill = IM_COL32(88, 88, 96, 255);

} // namespace

const char* const kHiddenTooltip = "Hidden until you answer the task (or skip it): work it out first.";

HeatmapEvents heatmap(AppState& app, const char* id, const double* values, int rows, int cols,
                      const std::vector<std::string>& row_labels, const std::vector<std::string>& col_labels,
                      const HeatmapOptions& opt) {
    HeatmapEvents ev;
    if (rows <= 0 || cols <= 0) return ev;
    ImGui::PushID(id);
    const ImGuiID gid = ImGui::GetID("##heatmap");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeight();

    float row_label_w = 0.0f;
    if (opt.show_row_labels) {
        for (int i = 0; i < rows; ++i) row_label_w = std::max(row_label_w, ImGui::CalcTextSize(label_or_index(row_labels, i).c_str()).x);
        row_label_w = std::min(row_label_w, 110.0f) + style.ItemSpacing.x;
    }
    float col_label_h = opt.show_col_labels ? line + 4.0f : 0.0f;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    if (opt.max_width > 0.0f) avail.x = std::min(avail.x, opt.max_width);
    float cell = std::min(opt.max_cell, (avail.x - row_label_w - 2.0f) / cols);
    if (opt.height > 0.0f) cell = std::min(cell, (opt.height - col_label_h) / rows);
    if (opt.fixed_cell > 0.0f) cell = opt.fixed_cell;
    cell = std::max(cell, 1.0f);
    // Column labels written across fit when cells are roomy (long labels get an ellipsis)
    // or every label fits whole (single CJK characters do, even in small cells); else
    // they stand upright, in type as small as the cells, down to kMinLabelPixels.
    bool labels_fit = cell >= line * 1.2f;
    if (!labels_fit && cell >= line * 0.9f) {
        labels_fit = true;
        for (int j = 0; j < cols && labels_fit; ++j)
            labels_fit = ImGui::CalcTextSize(label_or_index(col_labels, j).c_str()).x <= cell - 1.0f;
    }
    float cell_upright = cell; // the cells once the band for upright labels takes its height
    if (opt.height > 0.0f && opt.fixed_cell <= 0.0f) cell_upright = std::max(1.0f, std::min(cell, (opt.height - kRotatedLabelBand) / rows));
    // Not with a fixed cell: that heatmap lines up with another one, which has no band.
    const bool rotated = opt.show_col_labels && !labels_fit && opt.fixed_cell <= 0.0f && std::min(line, cell_upright) >= kMinLabelPixels;
    if (rotated) {
        col_label_h = kRotatedLabelBand;
        cell = cell_upright;
    }
    ev.cell = cell;
    const float label_type = std::min(line, cell); // row labels and upright column labels

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 grid(origin.x + row_label_w, origin.y + col_label_h);
    const ImVec2 grid_end(grid.x + cell * cols, grid.y + cell * rows);
    ev.top = grid.y;
    const ImVec2 total(row_label_w + cell * cols, col_label_h + cell * rows);

    if (rotated) {
        track_widget(app, std::string(id) + ".col_labels", ImVec2(grid.x, origin.y), ImVec2(cell * cols, col_label_h));
        for (int j = 0; j < cols; ++j) {
            const std::string s = fit_label_at(label_or_index(col_labels, j), label_type, kRotatedLabelBand - 4.0f);
            const ImU32 col = j == opt.highlight_col ? kAccent : ImGui::GetColorU32(ImGuiCol_Text);
            add_text_rotated(dl, label_type, ImVec2(grid.x + cell * j + (cell - label_type) * 0.5f, grid.y - 3.0f), col, s);
        }
    } else if (opt.show_col_labels && labels_fit) {
        for (int j = 0; j < cols; ++j) {
            const std::string s = fit_label(label_or_index(col_labels, j), cell - 2.0f);
            const float w = ImGui::CalcTextSize(s.c_str()).x;
            const ImU32 col = j == opt.highlight_col ? kAccent : ImGui::GetColorU32(ImGuiCol_Text);
            dl->AddText(ImVec2(grid.x + cell * j + (cell - w) * 0.5f, origin.y), col, s.c_str());
        }
    } else if (opt.show_col_labels) {
        dl->AddText(ImVec2(grid.x, origin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    ("1 … " + std::to_string(cols) + " →").c_str());
    }
    if (opt.show_row_labels && label_type >= kMinLabelPixels) {
        const float scale = label_type / line;
        track_widget(app, std::string(id) + ".row_labels", origin, ImVec2(row_label_w, cell * rows));
        for (int i = 0; i < rows; ++i) {
            const std::string s = fit_label_at(label_or_index(row_labels, i), label_type, row_label_w - style.ItemSpacing.x);
            const float w = ImGui::CalcTextSize(s.c_str()).x * scale;
            const ImU32 col = i == opt.highlight_row ? kAccent : ImGui::GetColorU32(ImGuiCol_Text);
            dl->AddText(ImGui::GetFont(), label_type, ImVec2(grid.x - style.ItemSpacing.x - w, grid.y + cell * i + (cell - label_type) * 0.5f),
                        col, s.c_str());
        }
    }

    const bool big = (rows * cols > kTextureCellCount || cell < kTextureCellPixels) && opt.hidden.empty();
    if (!(big && draw_as_texture(app, gid, values, rows, cols, opt, grid, grid_end))) {
        char buf[32];
        // Values are printed only if every one of them fits, so a matrix never shows some
        // numbers and not others; one decimal fewer is tried before giving up.
        auto all_fit = [&](int decimals) {
            for (int k = 0; k < rows * cols; ++k)
                if (std::isfinite(values[k]) && !is_hidden(opt, k / cols, k % cols) && ImGui::CalcTextSize(format_number(values[k], decimals).c_str()).x > cell - 4.0f)
                    return false;
            return true;
        };
        int decimals = -1;
        if (cell >= line + 2.0f && rows * cols <= kTextureCellCount)
            for (int d = opt.decimals; d >= std::max(1, opt.decimals - 1) && decimals < 0; --d)
                if (all_fit(d)) decimals = d;
        const bool print = decimals >= 0;
        for (int i = 0; i < rows; ++i) {
            for (int j = 0; j < cols; ++j) {
                const double v = values[static_cast<size_t>(i) * cols + j];
                const ImVec2 a(grid.x + cell * j, grid.y + cell * i), b(a.x + cell, a.y + cell);
                if (is_hidden(opt, i, j)) { // neither its number nor its colour: both give the answer away
                    dl->AddRectFilled(a, b, kHiddenFill);
                    const ImVec2 ts = ImGui::CalcTextSize("?");
                    if (cell >= ts.y) dl->AddText(ImVec2(a.x + (cell - ts.x) * 0.5f, a.y + (cell - ts.y) * 0.5f), IM_COL32(235, 235, 235, 255), "?");
                    continue;
                }
                if (!std::isfinite(v)) {
                    draw_masked_cell(dl, a, b);
                    continue;
                }
                const ImU32 fill = colormap_rgba(opt.colormap, normalised(v, opt));
                dl->AddRectFilled(a, b, fill);
                if (print) {
                    std::snprintf(buf, sizeof buf, "%s", format_number(v, decimals).c_str());
                    const ImVec2 ts = ImGui::CalcTextSize(buf);
                    dl->AddText(ImVec2(a.x + (cell - ts.x) * 0.5f, a.y + (cell - ts.y) * 0.5f), contrasting_text_rgba(fill), buf);
                }
            }
        }
    }

    // The selected row and column get an outline, so the query's path reads across panels.
    if (opt.highlight_row >= 0 && opt.highlight_row < rows)
        dl->AddRect(ImVec2(grid.x - 1, grid.y + cell * opt.highlight_row - 1),
                    ImVec2(grid_end.x + 1, grid.y + cell * (opt.highlight_row + 1) + 1), kAccent, 0.0f, 0, 2.0f);
    if (opt.highlight_col >= 0 && opt.highlight_col < cols)
        dl->AddRect(ImVec2(grid.x + cell * opt.highlight_col - 1, grid.y - 1),
                    ImVec2(grid.x + cell * (opt.highlight_col + 1) + 1, grid_end.y + 1), IM_COL32(255, 255, 255, 160), 0.0f, 0, 1.5f);

    // Cells a lesson points at: a pulsing outline that catches the eye without hiding the number.
    const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 5.0f);
    for (const auto& [mr, mc] : opt.marked) {
        if (mr < 0 || mr >= rows || mc < 0 || mc >= cols) continue;
        const ImVec2 a(grid.x + cell * mc, grid.y + cell * mr);
        dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(a.x + cell + 2, a.y + cell + 2),
                    IM_COL32(255, 120 + static_cast<int>(100 * pulse), 40, 255), 0.0f, 0, 3.0f);
    }

    ImGui::SetCursorScreenPos(grid);
    ImGui::InvisibleButton("##cells", ImVec2(cell * cols, cell * rows));
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        ev.hovered_col = std::clamp(static_cast<int>((m.x - grid.x) / cell), 0, cols - 1);
        ev.hovered_row = std::clamp(static_cast<int>((m.y - grid.y) / cell), 0, rows - 1);
        const ImVec2 a(grid.x + cell * ev.hovered_col, grid.y + cell * ev.hovered_row);
        // The hovered row and column, with their labels at the axes in full-size type: in a
        // long text the labels are small or absent, and this is how one reads them.
        const ImU32 guide = IM_COL32(255, 255, 255, 90);
        dl->AddRect(ImVec2(grid.x, a.y), ImVec2(grid_end.x, a.y + cell), guide);
        dl->AddRect(ImVec2(a.x, grid.y), ImVec2(a.x + cell, grid_end.y), guide);
        dl->AddRect(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(255, 255, 255, 255), 0.0f, 0, 2.0f);
        if (label_type < line || !labels_fit) {
            auto tag = [&](ImVec2 at, const std::string& text) {
                const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
                dl->AddRectFilled(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + ts.x + 3, at.y + ts.y + 1), IM_COL32(30, 30, 38, 240), 3.0f);
                dl->AddRect(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + ts.x + 3, at.y + ts.y + 1), kAccent, 3.0f);
                dl->AddText(at, kAccent, text.c_str());
            };
            const std::string row_text = label_or_index(row_labels, ev.hovered_row), col_text = label_or_index(col_labels, ev.hovered_col);
            if (opt.show_row_labels)
                tag(ImVec2(std::max(origin.x, grid.x - ImGui::CalcTextSize(row_text.c_str()).x - 6.0f), a.y + (cell - line) * 0.5f), row_text);
            if (opt.show_col_labels)
                tag(ImVec2(a.x + cell * 0.5f - ImGui::CalcTextSize(col_text.c_str()).x * 0.5f, grid.y - line - 4.0f), col_text);
            track_widget(app, std::string(id) + ".hover_labels", ImVec2(a.x, a.y), ImVec2(cell, cell));
        }
        ev.hovered_hidden = is_hidden(opt, ev.hovered_row, ev.hovered_col);
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
            ev.clicked_row = ev.hovered_row;
            ev.clicked_col = ev.hovered_col;
        }
    }
    track_widget(app, id, grid, ImVec2(cell * cols, cell * rows));
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(total);
    ImGui::PopID();
    return ev;
}

void colorbar(const char* id, Colormap map, double vmin, double vmax, float height) {
    ImGui::PushID(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = 14.0f;
    const int steps = 32;
    for (int s = 0; s < steps; ++s) {
        const float y0 = p.y + height * s / steps, y1 = p.y + height * (s + 1) / steps;
        dl->AddRectFilled(ImVec2(p.x, y0), ImVec2(p.x + w, y1), colormap_rgba(map, 1.0 - (s + 0.5) / steps));
    }
    dl->AddRect(p, ImVec2(p.x + w, p.y + height), ImGui::GetColorU32(ImGuiCol_Border));
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const float line = ImGui::GetTextLineHeight();
    const int decimals = vmax - vmin < 0.1 ? 3 : 2; // small ranges (weights of long texts) need the third
    dl->AddText(ImVec2(p.x + w + 4, p.y), text, format_number(vmax, decimals).c_str());
    dl->AddText(ImVec2(p.x + w + 4, p.y + (height - line) * 0.5f), text, format_number((vmin + vmax) * 0.5, decimals).c_str());
    dl->AddText(ImVec2(p.x + w + 4, p.y + height - line), text, format_number(vmin, decimals).c_str());
    ImGui::Dummy(ImVec2(w + 4 + ImGui::CalcTextSize("−00.00").x, height));
    ImGui::PopID();
}

} // namespace attn::ui
