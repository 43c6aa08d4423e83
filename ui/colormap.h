// attnviz UI: colormaps for heatmaps, as packed RGBA (ImU32 layout: 0xAABBGGRR).
#pragma once
#include <cstdint>

namespace attn::ui {

enum class Colormap {
    Viridis, // sequential, perceptually uniform, colour-blind safe: attention weights 0…1
    RdBu,    // diverging, blue < 0 < red, white at 0 (ColorBrewer RdBu): scores, logits, vectors
};

// t in [0, 1]; values outside are clamped.
std::uint32_t colormap_rgba(Colormap map, double t);
// Black or white, whichever reads better on `background` (relative luminance).
std::uint32_t contrasting_text_rgba(std::uint32_t background);
// Largest |value| over finite entries, at least `floor`: the symmetric range of diverging maps.
double symmetric_range(const double* values, int count, double floor = 1e-9);

} // namespace attn::ui
