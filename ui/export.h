// attnviz UI: what exports are made of, without ImGui — a heatmap as an image (the colours
// the panels draw, one square block per cell), PNG bytes (stb_image_write, Debian's
// libstb-dev; header-only, so the page makes them too), and a matrix as CSV with its
// token labels. ui/files.h turns them into the files the user asked for.
#pragma once
#include "colormap.h"
#include <cstdint>
#include <string>
#include <vector>

namespace attn::ui {

// Masked cells (±∞, NaN) in the exported picture: the grey of the panels' hatching.
constexpr std::uint32_t kExportMaskedRgba = 0xFF808080u;

struct Image {
    int width = 0, height = 0;
    std::vector<std::uint32_t> rgba; // packed as colormap_rgba (0xAABBGGRR: bytes R, G, B, A in memory)
};

// values: rows×cols, row-major; each cell becomes a `cell`×`cell` block.
Image heatmap_image(const double* values, int rows, int cols, Colormap map, double vmin, double vmax, int cell);
// PNG file bytes of 8-bit RGBA pixels, rows top to bottom (bottom_up: OpenGL's order).
std::string png_encode(const std::uint8_t* rgba, int width, int height, bool bottom_up = false);
// RFC 4180 CSV: a header row ("", column labels), then one row per matrix row (its label,
// then the values with 17 significant digits, so they read back to the same doubles;
// masked cells as "-inf"). Labels are quoted when they hold a comma, quote or line break.
std::string matrix_csv(const double* values, int rows, int cols, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& col_labels);

} // namespace attn::ui
