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
// The colour range of the scores panel in either view: the unscaled scores' range, also
// for the logits, so that 1/√d_k and τ visibly fade or sharpen the map instead of the
// colour bar following the data (the logits' range when it is wider: τ < 1).
double scores_view_range(const double* scores, const double* logits, int count);

} // namespace attn::ui
