// attnviz UI: the heatmap widget, in the spirit of ImPlot's heatmap: the caller hands in
// plain data every frame; retained state (the texture for large matrices, zoom and pan)
// lives in pools keyed by ImGui ID inside AppState. Token labels on both axes (staggered
// into lanes, then thinned to every k-th when cells get small), values printed in cells
// when they fit, masked cells (±∞ or NaN) drawn as grey hatching. Long matrices zoom
// about the cursor with the wheel and pan by dragging; a reset button restores the whole.
#pragma once
#include "colormap.h"
#include <string>
#include <utility>
#include <vector>

namespace attn::ui {

struct AppState;

struct HeatmapOptions {
    Colormap colormap = Colormap::Viridis;
    double vmin = 0.0, vmax = 1.0;     // the colormap's range (diverging maps: symmetric about 0)
    int decimals = 2;                  // printed in cells when they fit
    float max_cell = 60.0f;            // logical pixels
    float max_width = 0.0f;            // > 0: leave the rest of the row free (for a colour bar)
    float height = 0.0f;               // 0 = as tall as the cells need, else fit into this height
    float fixed_cell = 0.0f;           // > 0: exactly this cell size (to line up with another heatmap)
    int highlight_row = -1;            // the selected query token
    int highlight_col = -1;
    std::vector<std::pair<int, int>> marked; // cells a lesson points at (row, col)
    std::vector<std::pair<int, int>> hidden; // cells a lesson task asks for: "?" (row, col; col -1 = the row)
    bool show_col_labels = true;
    bool show_row_labels = true;
    bool zoomable = true;              // when cells are too small for full-size labels: wheel zooms, drag pans
};

struct HeatmapEvents {
    int hovered_row = -1, hovered_col = -1;
    int clicked_row = -1, clicked_col = -1;
    bool hovered_hidden = false;       // the hovered cell is one of opt.hidden: show hidden_tooltip()
    float cell = 0.0f;                 // the cell size used
    float top = 0.0f;                  // screen y of the first row of cells
    // What is on screen: the whole matrix, or a window onto it once zoomed in.
    int first_row = 0, first_col = 0, visible_rows = 0, visible_cols = 0;
    float zoom = 1.0f;
    bool zoomable = false;             // the wheel zooms this map (its cells are small)
    bool labels_reduced = false;       // labels small, thinned or absent: hovering is how one reads them
    std::string hovered_names;         // the hovered cell's row and column: “row token” (i) → “column token” (j)
    std::string hovered_caption;       // … and its value: hovered_names + ": 0.027"
};

// The tooltip of a cell hidden until the lesson's task is answered, in the interface's language.
std::string hidden_tooltip(const AppState& app);

// values: rows×cols, row-major. Labels may be empty (then 1-based indices are shown).
HeatmapEvents heatmap(AppState& app, const char* id, const double* values, int rows, int cols,
                      const std::vector<std::string>& row_labels, const std::vector<std::string>& col_labels,
                      const HeatmapOptions& opt);

// A vertical colour bar with min/max ticks, `height` logical pixels tall.
void colorbar(const char* id, Colormap map, double vmin, double vmax, float height);

} // namespace attn::ui
