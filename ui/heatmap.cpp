#include "heatmap.h"
#include "widgets.h"
#include "formula.h"
#include "theme.h"
#include "imgui.h"
#include "imgui_internal.h" // SetItemKeyOwner: the wheel zooms a map instead of scrolling its panel
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
    // A hundredth of a pixel of slack: the widest label, for which the margin was sized,
    // must not lose to float rounding in the margin's arithmetic ("·and" was drawn "·a…").
    if (ImGui::CalcTextSize(s.c_str()).x <= max_width + 0.01f) return s;
    std::string out = s;
    while (!out.empty()) {
        // Drop one whole UTF-8 code point from the end.
        do out.pop_back(); while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80);
        if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
        if (ImGui::CalcTextSize((out + "…").c_str()).x <= max_width) return out + "…";
    }
    return "";
}

// Smallest type a label is drawn in: the app's font is 16 px; below 9 px it is unreadable.
constexpr float kMinLabelPixels = 9.0f;
// Labels of small cells alternate between up to this many lanes, each further from the
// grid, before they are thinned out to every k-th.
constexpr int kMaxLanes = 2; // a third lane took more room from the map than it gave labels
// The room a label gets, in full-size type (smaller type: proportionally less); longer
// labels get an ellipsis.
constexpr float kRowLabelCap = 110.0f;
constexpr float kColLabelCap = 72.0f;
constexpr float kZoomStep = 1.25f; // per wheel notch

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

// The widest label at full size. A long axis is sampled, so the cost does not grow with T
// (a label wider than the sample's widest gets an ellipsis).
float max_label_width(const std::vector<std::string>& labels, int n) {
    const int samples = std::min(n, 256);
    float w = ImGui::CalcTextSize(label_or_index(labels, n - 1).c_str()).x;
    for (int k = 0; k < samples; ++k)
        w = std::max(w, ImGui::CalcTextSize(label_or_index(labels, static_cast<int>(static_cast<long long>(k) * n / samples)).c_str()).x);
    return w;
}

// How one axis's labels are laid out for cells `pitch` pixels apart.
struct AxisPlan {
    int lanes = 1;  // label i sits in lane (i / stride) % lanes; lane 0 is next to the grid
    int stride = 1; // every stride-th label is drawn
    float type = 0; // font size
};

// 1, 2, 5, 10, 20, 50, …: "every 5th token" is easier to follow than every 3rd.
int nice_stride(int s) {
    for (int base = 1;; base *= 10)
        for (int m : {1, 2, 5})
            if (m * base >= s) return m * base;
}

AxisPlan plan_axis(float pitch, int max_lanes, float line) {
    const float need = kMinLabelPixels + 1.0f; // a pixel between neighbours in a lane
    AxisPlan p;
    p.lanes = std::clamp(static_cast<int>(std::ceil(need / pitch - 1e-3f)), 1, std::max(1, max_lanes));
    p.stride = nice_stride(std::max(1, static_cast<int>(std::ceil(need / (pitch * p.lanes) - 1e-3f))));
    p.type = std::clamp(pitch * p.lanes * p.stride - 1.0f, kMinLabelPixels, line);
    return p;
}

std::string cell_caption(const AppState& app, const std::vector<std::string>& labels, int i, const char* axis_key) {
    const std::string n = std::to_string(i + 1);
    return i < static_cast<int>(labels.size()) ? tr(app.language, "heatmap.token_caption", {{"token", labels[i]}, {"n", n}})
                                               : tr(app.language, axis_key, {{"n", n}});
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
                     ImVec2 a, ImVec2 b, ImVec2 uv0, ImVec2 uv1) {
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
    ImGui::GetWindowDrawList()->AddImage(tex.texture, a, b, uv0, uv1);
    return true;
}

bool is_hidden(const HeatmapOptions& opt, int i, int j) {
    for (const auto& [r, c] : opt.hidden)
        if (r == i && (c < 0 || c == j)) return true;
    return false;
}

constexpr ImU32 kHiddenFill = IM_COL32(88, 88, 96, 255);

} // namespace

std::string hidden_tooltip(const AppState& app) { return tr(app.language, "heatmap.hidden"); }

HeatmapEvents heatmap(AppState& app, const char* id, const double* values, int rows, int cols,
                      const std::vector<std::string>& row_labels, const std::vector<std::string>& col_labels,
                      const HeatmapOptions& opt) {
    HeatmapEvents ev;
    if (rows <= 0 || cols <= 0) return ev;
    ImGui::PushID(id);
    const ImGuiID gid = ImGui::GetID("##heatmap");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImGuiIO& io = ImGui::GetIO();
    const float line = ImGui::GetTextLineHeight();
    HeatmapView& view = app.heatmap_views[gid];
    if (view.rows != rows || view.cols != cols) { // a new text starts from the whole map
        view = HeatmapView{};
        view.rows = rows, view.cols = cols;
    }

    // [SECTION] Layout. The label margins depend on the cells (small cells: small type in
    // lanes) and the cells on the margins: a few rounds settle both.
    const float row_text_w = opt.show_row_labels ? std::min(max_label_width(row_labels, rows), kRowLabelCap) : 0.0f;
    const float col_text_w = opt.show_col_labels ? std::min(max_label_width(col_labels, cols), kColLabelCap) : 0.0f;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    if (opt.max_width > 0.0f) avail.x = std::min(avail.x, opt.max_width);
    // Written across, a label wider than its cell, centred on it, may use the room its
    // neighbours' labels leave free (as much on each side): "because" between "mat" and
    // "it" shows whole rather than as "beca…". A neighbour that fills its cell lends nothing.
    auto room_across = [&](int j, float c, int first, int last) {
        auto spare = [&](int k) {
            if (k < first || k > last) return 0.0f;
            return std::max(0.0f, (c - 2.0f - ImGui::CalcTextSize(label_or_index(col_labels, k).c_str()).x) * 0.5f);
        };
        return c - 2.0f + 2.0f * std::min(spare(j - 1), spare(j + 1));
    };
    // Column labels are written across when every one fits whole (single CJK characters do,
    // even in small cells) or the cells are roomy, so that a cut label keeps its first
    // letters ("beca…"; in 20 px cells "·and" was cut to a bare "…"); else they stand
    // upright in lanes. Not with a fixed cell: that heatmap lines up with another one, which
    // has no band for them.
    auto fits_across = [&](float c) {
        if (c >= line * 2.5f) return true;
        if (c < line * 0.9f) return false;
        for (int j = 0; j < cols; ++j)
            if (ImGui::CalcTextSize(label_or_index(col_labels, j).c_str()).x > room_across(j, c, 0, cols - 1)) return false;
        return true;
    };
    const bool upright_allowed = opt.fixed_cell <= 0.0f;
    AxisPlan rp, cp; // as the margins were sized for
    rp.type = cp.type = line;
    float cell = 1.0f, row_label_w = 0.0f, col_label_h = 0.0f;
    bool across = true;
    int row_lanes = kMaxLanes, col_lanes = kMaxLanes; // at most
    auto row_width = [&](const AxisPlan& p) { return opt.show_row_labels ? p.lanes * (row_text_w * p.type / line + style.ItemSpacing.x) : 0.0f; };
    auto col_height = [&](const AxisPlan& p) {
        return !opt.show_col_labels ? 0.0f : across || !upright_allowed ? line + 4.0f : p.lanes * (col_text_w * p.type / line + 4.0f);
    };
    auto fit_cell = [&](float label_w, float label_h) {
        float c = std::min(opt.max_cell, (avail.x - label_w - 2.0f) / cols);
        if (opt.height > 0.0f) c = std::min(c, (opt.height - label_h) / rows);
        if (opt.fixed_cell > 0.0f) c = opt.fixed_cell;
        return std::max(c, 0.1f); // below a pixel: a long text still fits its panel (the texture is sampled)
    };
    for (int round = 0; round < 3; ++round) {
        row_label_w = row_width(rp);
        col_label_h = col_height(cp);
        cell = fit_cell(row_label_w, col_label_h);
        if (round == 2) break;
        across = fits_across(cell);
        rp = plan_axis(cell, row_lanes, line);
        cp = plan_axis(cell, col_lanes, line);
        // Thinned out even in two lanes: one lane leaves the map more room; keep it if the
        // bigger cells need no sparser labels.
        AxisPlan one = rp;
        one.lanes = 1;
        if (rp.lanes > 1 && rp.stride > 1 && plan_axis(fit_cell(row_width(one), col_label_h), 1, line).stride <= rp.stride)
            row_lanes = 1, rp = plan_axis(cell, 1, line);
        one = cp;
        one.lanes = 1;
        if (cp.lanes > 1 && cp.stride > 1 && plan_axis(fit_cell(row_label_w, col_height(one)), 1, line).stride <= cp.stride)
            col_lanes = 1, cp = plan_axis(cell, 1, line);
    }
    ev.cell = cell;
    const bool upright = opt.show_col_labels && !across && upright_allowed;

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 grid(origin.x + row_label_w, origin.y + col_label_h);
    const ImVec2 grid_end(grid.x + cell * cols, grid.y + cell * rows);
    ev.top = grid.y;
    const ImVec2 total(row_label_w + cell * cols, col_label_h + cell * rows);

    // [SECTION] Input: zoom about the cursor, pan by dragging, a click that did not drag.
    const float max_zoom = std::max(1.0f, std::max(opt.max_cell, line * 2.5f) / cell);
    ev.zoomable = opt.zoomable && opt.hidden.empty() && cell < line * 1.2f && max_zoom > 1.01f && rows > 1 && cols > 1;
    if (!ev.zoomable) view.zoom = 1.0f;
    auto clamp_view = [&] {
        view.zoom = std::clamp(view.zoom, 1.0f, max_zoom);
        view.x = std::clamp(view.x, 0.0f, cols - cols / view.zoom);
        view.y = std::clamp(view.y, 0.0f, rows - rows / view.zoom);
    };
    clamp_view();
    // The reset button sits on the map; submitted first, it takes the hover from the cells,
    // and drawn in the upper channel, it stays above them.
    // (Its own splitter: the panels' tables split the same draw list with theirs.)
    ImDrawListSplitter layers;
    const bool zoomed = view.zoom > 1.0f;
    if (zoomed) {
        layers.Split(dl, 2);
        layers.SetCurrentChannel(dl, 1);
        const std::string reset = tr(app.language, "heatmap.reset_zoom");
        const float bw = ImGui::CalcTextSize(reset.c_str()).x + style.FramePadding.x * 2;
        ImGui::SetCursorScreenPos(ImVec2(std::max(grid.x, grid_end.x - bw - 2.0f), grid.y + 2.0f));
        if (ImGui::SmallButton((reset + "###reset").c_str())) view.zoom = 1.0f, view.x = view.y = 0.0f;
        track_last_item(app, std::string(id) + ".reset");
        layers.SetCurrentChannel(dl, 0);
    }
    ImGui::SetCursorScreenPos(grid);
    const bool released = ImGui::InvisibleButton("##cells", ImVec2(cell * cols, cell * rows));
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 m = io.MousePos;
    if (ev.zoomable) {
        ImGui::SetItemKeyOwner(ImGuiKey_MouseWheelY); // the wheel zooms the map, not scrolls the panel
        if (hovered && io.MouseWheel != 0.0f) {
            const float zc = cell * view.zoom;
            const float u = view.x + (m.x - grid.x) / zc, v = view.y + (m.y - grid.y) / zc; // the cell under the cursor…
            view.zoom = std::clamp(view.zoom * std::pow(kZoomStep, io.MouseWheel), 1.0f, max_zoom);
            const float nzc = cell * view.zoom;
            view.x = u - (m.x - grid.x) / nzc, view.y = v - (m.y - grid.y) / nzc; // …stays under it
            clamp_view();
        }
        if (ImGui::IsItemActivated()) view.press_x = view.x, view.press_y = view.y, view.panned = false;
        if (ImGui::IsItemActive() && view.zoom > 1.0f && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
            const ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left);
            view.x = view.press_x - d.x / (cell * view.zoom), view.y = view.press_y - d.y / (cell * view.zoom);
            view.panned = true;
            clamp_view();
        }
    }
    ev.zoom = view.zoom;
    const float zc = cell * view.zoom; // a cell on screen
    const float span_x = cols / view.zoom, span_y = rows / view.zoom; // cells in view
    const int c0 = std::clamp(static_cast<int>(view.x), 0, cols - 1), r0 = std::clamp(static_cast<int>(view.y), 0, rows - 1);
    const int c1 = std::clamp(static_cast<int>(std::ceil(view.x + span_x - 1e-4f)) - 1, c0, cols - 1);
    const int r1 = std::clamp(static_cast<int>(std::ceil(view.y + span_y - 1e-4f)) - 1, r0, rows - 1);
    ev.first_row = r0, ev.first_col = c0, ev.visible_rows = r1 - r0 + 1, ev.visible_cols = c1 - c0 + 1;
    auto cx = [&](float j) { return grid.x + (j - view.x) * zc; }; // screen x of column position j
    auto cy = [&](float i) { return grid.y + (i - view.y) * zc; };
    auto record = [&](bool column, int index, const std::string& text, ImVec2 a, ImVec2 size, float type) {
        if (!app.track_labels) return;
        const ImVec4 clip = dl->_CmdHeader.ClipRect; // what of the label is on screen
        const ImVec2 lo(std::max(a.x, clip.x), std::max(a.y, clip.y)), hi(std::min(a.x + size.x, clip.z), std::min(a.y + size.y, clip.w));
        if (hi.x > lo.x && hi.y > lo.y) app.drawn_labels.push_back(DrawnLabel{id, column, index, text, WidgetRect{lo.x, lo.y, hi.x - lo.x, hi.y - lo.y}, type});
    };

    // [SECTION] Labels: only the visible ones; in lanes, then every k-th, as cells shrink.
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 leader = IM_COL32(150, 150, 160, 90);
    bool reduced = false;
    if (upright) {
        AxisPlan p = plan_axis(zc, cp.lanes, line);
        const float band = col_label_h / p.lanes;
        p.type = std::min(p.type, std::max(kMinLabelPixels, (band - 4.0f) * line / std::max(col_text_w, 1.0f))); // as the band was sized
        reduced = p.type < line || p.stride > 1;
        track_widget(app, std::string(id) + ".col_labels", ImVec2(grid.x, origin.y), ImVec2(cell * cols, col_label_h));
        // ImGui culls glyphs before add_text_rotated turns them: the last labels, written
        // rightwards at first, need room to the right of the grid, as tall as the band.
        // Past the grid's ends only at the map's own ends: zoomed in, a half-visible column's
        // label would run into the corner.
        const float spill = p.type * 0.5f + 1.0f;
        dl->PushClipRect(ImVec2(grid.x - (c0 == 0 ? spill : 0.0f), origin.y), ImVec2(grid_end.x + (c1 == cols - 1 ? col_label_h : 0.0f), grid.y), true);
        for (int j = (c0 + p.stride - 1) / p.stride * p.stride; j <= c1; j += p.stride) {
            const int lane = (j / p.stride) % p.lanes;
            const std::string s = fit_label_at(label_or_index(col_labels, j), p.type, band - 4.0f);
            const float w = ImGui::CalcTextSize(s.c_str()).x * p.type / line;
            const float x = cx(j + 0.5f), bottom = grid.y - 3.0f - lane * band;
            if (s.empty() || x < grid.x || x > grid_end.x) continue; // zoomed in: a column mostly out of view goes unlabelled
            if (lane > 0) dl->AddLine(ImVec2(x, bottom + 1.0f), ImVec2(x, grid.y - 1.0f), leader);
            add_text_rotated(dl, p.type, ImVec2(x - p.type * 0.5f, bottom), j == opt.highlight_col ? kAccent : text_col, s);
            record(true, j, s, ImVec2(x - p.type * 0.5f, bottom - w), ImVec2(p.type, w), p.type);
        }
        dl->PopClipRect();
    } else if (opt.show_col_labels && across) {
        for (int j = c0; j <= c1; ++j) {
            const std::string s = fit_label(label_or_index(col_labels, j), room_across(j, zc, c0, c1));
            const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
            const ImVec2 at(cx(j + 0.5f) - ts.x * 0.5f, origin.y);
            dl->AddText(at, j == opt.highlight_col ? kAccent : text_col, s.c_str());
            record(true, j, s, at, ts, line);
        }
    } else if (opt.show_col_labels) {
        reduced = true;
        dl->AddText(ImVec2(grid.x, origin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), ("1 … " + std::to_string(cols) + " →").c_str());
    }
    if (opt.show_row_labels) {
        AxisPlan p = plan_axis(zc, rp.lanes, line);
        const float lane_w = row_label_w / p.lanes;
        p.type = std::min(p.type, std::max(kMinLabelPixels, (lane_w - style.ItemSpacing.x) * line / std::max(row_text_w, 1.0f)));
        reduced = reduced || p.type < line || p.stride > 1;
        track_widget(app, std::string(id) + ".row_labels", origin, ImVec2(row_label_w, cell * rows));
        // The first and last labels stand half a line over the grid's edges (zoomed in, the
        // labels of half-visible rows are cut at them).
        const float spill = p.type * 0.5f + 1.0f;
        dl->PushClipRect(ImVec2(origin.x, grid.y - (view.y <= 0.0f ? spill : 0.0f)),
                         ImVec2(grid.x, grid_end.y + (view.y + span_y >= rows - 1e-3f ? spill : 0.0f)), true);
        for (int i = (r0 + p.stride - 1) / p.stride * p.stride; i <= r1; i += p.stride) {
            const int lane = (i / p.stride) % p.lanes;
            const std::string s = fit_label_at(label_or_index(row_labels, i), p.type, lane_w - style.ItemSpacing.x);
            const float w = ImGui::CalcTextSize(s.c_str()).x * p.type / line;
            const float right = grid.x - style.ItemSpacing.x - lane * lane_w, y = cy(i + 0.5f);
            if (s.empty() || y < grid.y || y > grid_end.y) continue;
            if (lane > 0) dl->AddLine(ImVec2(right + 1.0f, y), ImVec2(grid.x - 1.0f, y), leader);
            const ImVec2 at(right - w, y - p.type * 0.5f);
            dl->AddText(ImGui::GetFont(), p.type, at, i == opt.highlight_row ? kAccent : text_col, s.c_str());
            record(false, i, s, at, ImVec2(w, p.type), p.type);
        }
        dl->PopClipRect();
    }
    ev.labels_reduced = reduced;

    // [SECTION] Cells: only the visible ones, or the visible part of the texture.
    dl->PushClipRect(grid, grid_end, true);
    const long long visible = static_cast<long long>(ev.visible_rows) * ev.visible_cols;
    const bool big = (visible > kTextureCellCount || zc < kTextureCellPixels) && opt.hidden.empty();
    const ImVec2 uv0(view.x / cols, view.y / rows), uv1((view.x + span_x) / cols, (view.y + span_y) / rows);
    if (!(big && draw_as_texture(app, gid, values, rows, cols, opt, grid, grid_end, uv0, uv1))) {
        char buf[32];
        // Values are printed only if every one in view fits, so a matrix never shows some
        // numbers and not others; one decimal fewer is tried before giving up.
        auto all_fit = [&](int decimals) {
            for (int i = r0; i <= r1; ++i)
                for (int j = c0; j <= c1; ++j) {
                    const double v = values[static_cast<size_t>(i) * cols + j];
                    if (std::isfinite(v) && !is_hidden(opt, i, j) && ImGui::CalcTextSize(format_number(v, decimals).c_str()).x > zc - 4.0f)
                        return false;
                }
            return true;
        };
        // Zoomed into a long text, the numbers often all print alike ("0.00" for weights near
        // 1/512): then the colours say more, and the tooltip has the value.
        auto all_alike = [&](int decimals) {
            const std::string first = format_number(values[static_cast<size_t>(r0) * cols + c0], decimals);
            for (int i = r0; i <= r1; ++i)
                for (int j = c0; j <= c1; ++j)
                    if (format_number(values[static_cast<size_t>(i) * cols + j], decimals) != first) return false;
            return true;
        };
        int decimals = -1;
        if (zc >= line + 2.0f && visible <= kTextureCellCount)
            for (int d = opt.decimals; d >= std::max(1, opt.decimals - 1) && decimals < 0; --d)
                if (all_fit(d)) decimals = d;
        const bool print = decimals >= 0 && !(view.zoom > 1.0f && all_alike(decimals));
        for (int i = r0; i <= r1; ++i) {
            for (int j = c0; j <= c1; ++j) {
                const double v = values[static_cast<size_t>(i) * cols + j];
                const ImVec2 a(cx(static_cast<float>(j)), cy(static_cast<float>(i))), b(a.x + zc, a.y + zc);
                if (is_hidden(opt, i, j)) { // neither its number nor its colour: both give the answer away
                    dl->AddRectFilled(a, b, kHiddenFill);
                    const ImVec2 ts = ImGui::CalcTextSize("?");
                    if (zc >= ts.y) dl->AddText(ImVec2(a.x + (zc - ts.x) * 0.5f, a.y + (zc - ts.y) * 0.5f), IM_COL32(235, 235, 235, 255), "?");
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
                    dl->AddText(ImVec2(a.x + (zc - ts.x) * 0.5f, a.y + (zc - ts.y) * 0.5f), contrasting_text_rgba(fill), buf);
                }
            }
        }
    }
    dl->PopClipRect();

    // [SECTION] Outlines: the selection, a lesson's cells, the hovered cell.
    dl->PushClipRect(ImVec2(grid.x - 3, grid.y - 3), ImVec2(grid_end.x + 3, grid_end.y + 3), true);
    auto in_view = [&](int i, int j) { return (i < 0 || (i >= r0 && i <= r1)) && (j < 0 || (j >= c0 && j <= c1)); };
    // The selected row and column get an outline, so the query's path reads across panels.
    if (opt.highlight_row >= 0 && opt.highlight_row < rows && in_view(opt.highlight_row, -1))
        dl->AddRect(ImVec2(grid.x - 1, cy(static_cast<float>(opt.highlight_row)) - 1),
                    ImVec2(grid_end.x + 1, cy(opt.highlight_row + 1.0f) + 1), kAccent, 0.0f, 0, 2.0f);
    if (opt.highlight_col >= 0 && opt.highlight_col < cols && in_view(-1, opt.highlight_col))
        dl->AddRect(ImVec2(cx(static_cast<float>(opt.highlight_col)) - 1, grid.y - 1),
                    ImVec2(cx(opt.highlight_col + 1.0f) + 1, grid_end.y + 1), IM_COL32(255, 255, 255, 160), 0.0f, 0, 1.5f);
    // Cells a lesson points at: a pulsing outline that catches the eye without hiding the number.
    const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 5.0f);
    for (const auto& [mr, mc] : opt.marked) {
        if (mr < 0 || mr >= rows || mc < 0 || mc >= cols || !in_view(mr, mc)) continue;
        const ImVec2 a(cx(static_cast<float>(mc)), cy(static_cast<float>(mr)));
        dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(a.x + zc + 2, a.y + zc + 2), IM_COL32(255, 120 + static_cast<int>(100 * pulse), 40, 255), 0.0f, 0, 3.0f);
    }
    dl->PopClipRect();

    if (hovered) {
        ev.hovered_col = std::clamp(static_cast<int>(view.x + (m.x - grid.x) / zc), 0, cols - 1);
        ev.hovered_row = std::clamp(static_cast<int>(view.y + (m.y - grid.y) / zc), 0, rows - 1);
        const ImVec2 a(cx(static_cast<float>(ev.hovered_col)), cy(static_cast<float>(ev.hovered_row)));
        // The hovered row and column, with their labels at the axes in full-size type: in a
        // long text the labels are small or thinned out, and this is how one reads them.
        const ImU32 guide = IM_COL32(255, 255, 255, 90);
        dl->PushClipRect(grid, grid_end, true);
        dl->AddRect(ImVec2(grid.x, a.y), ImVec2(grid_end.x, a.y + zc), guide);
        dl->AddRect(ImVec2(a.x, grid.y), ImVec2(a.x + zc, grid_end.y), guide);
        dl->AddRect(a, ImVec2(a.x + zc, a.y + zc), IM_COL32(255, 255, 255, 255), 0.0f, 0, 2.0f);
        dl->PopClipRect();
        if (reduced) {
            auto tag = [&](ImVec2 at, const std::string& text) {
                const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
                dl->AddRectFilled(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + ts.x + 3, at.y + ts.y + 1), IM_COL32(30, 30, 38, 240), 3.0f);
                dl->AddRect(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + ts.x + 3, at.y + ts.y + 1), kAccent, 3.0f);
                dl->AddText(at, kAccent, text.c_str());
            };
            const std::string row_text = label_or_index(row_labels, ev.hovered_row), col_text = label_or_index(col_labels, ev.hovered_col);
            if (opt.show_row_labels)
                tag(ImVec2(std::max(origin.x, grid.x - ImGui::CalcTextSize(row_text.c_str()).x - 6.0f), a.y + (zc - line) * 0.5f), row_text);
            if (opt.show_col_labels)
                tag(ImVec2(a.x + zc * 0.5f - ImGui::CalcTextSize(col_text.c_str()).x * 0.5f, grid.y - line - 4.0f), col_text);
            track_widget(app, std::string(id) + ".hover_labels", a, ImVec2(zc, zc));
        }
        ev.hovered_hidden = is_hidden(opt, ev.hovered_row, ev.hovered_col);
        if (!ev.hovered_hidden) {
            const double v = values[static_cast<size_t>(ev.hovered_row) * cols + ev.hovered_col];
            ev.hovered_names = cell_caption(app, row_labels, ev.hovered_row, "heatmap.row") + " → " +
                               cell_caption(app, col_labels, ev.hovered_col, "heatmap.column");
            ev.hovered_caption = ev.hovered_names + ": " +
                                 (std::isfinite(v) ? format_number(v, opt.decimals + 1) : tr(app.language, "formula.masked_weight"));
        }
        if (released && !view.panned) {
            ev.clicked_row = ev.hovered_row;
            ev.clicked_col = ev.hovered_col;
        }
    }
    if (zoomed) layers.Merge(dl);
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
