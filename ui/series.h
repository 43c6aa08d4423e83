// attnviz UI: the training curves as plain data, and how they are thinned to a plot's
// pixel width. No ImGui here (the pure UI tests link it); drawn by line_plot() (plot.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace attn::ui {

struct PlotSeries {
    std::string name;
    std::vector<float> x, y;        // same length, x increasing
    std::uint32_t color = 0xFFFFFFFF; // ImU32
    bool dashed = false;
};

// Averages consecutive points so that at most `buckets` remain.
PlotSeries downsample(PlotSeries s, int buckets);

// The same for a curve y_1 … y_n at x = 1 … n given as prefix sums (prefix[i] = y_1 + … + y_i,
// prefix[0] = 0): O(buckets) however long the curve, for the per-step training curves
// that are redrawn every frame.
PlotSeries bucket_means(std::string name, const std::vector<double>& prefix, int buckets, std::uint32_t color);

} // namespace attn::ui
