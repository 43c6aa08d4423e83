// attnviz UI: a small line plot for the training curves, in ImPlot's spirit: the caller
// hands in plain (x, y) data each frame; the widget downsamples to its pixel width,
// draws axes with a few ticks, and shows every series' value under the mouse.
#pragma once
#include "series.h"
#include <vector>

namespace attn::ui {

struct AppState;

struct PlotOptions {
    float height = 120.0f;
    bool log_y = false;             // loss curves: log scale between the data's extremes
    float y_min = 0.0f, y_max = 1.0f; // linear axes (ignored for log_y)
    bool percent = false;           // y ticks and values as percentages
    float x_max = 0.0f;             // right end of the x axis (at least the data's)
    const char* x_label = "step";
    const char* title = "";         // drawn top left, on the legend's line
};

void line_plot(AppState& app, const char* id, const std::vector<PlotSeries>& series, const PlotOptions& options);

} // namespace attn::ui
