#include "colormap.h"
#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

struct Rgb { float r, g, b; };

// Eleven evenly spaced samples of each map; linear interpolation between them is
// indistinguishable from the full 256-entry tables at heatmap cell sizes.
constexpr Rgb kViridis[11] = {
    {0x44, 0x01, 0x54}, {0x48, 0x24, 0x75}, {0x41, 0x44, 0x87}, {0x35, 0x5f, 0x8d},
    {0x2a, 0x78, 0x8e}, {0x21, 0x91, 0x8c}, {0x22, 0xa8, 0x84}, {0x44, 0xbf, 0x70},
    {0x7a, 0xd1, 0x51}, {0xbd, 0xdf, 0x26}, {0xfd, 0xe7, 0x25}};
// ColorBrewer RdBu, reversed so that negative is blue and positive is red.
constexpr Rgb kRdBu[11] = {
    {0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3}, {0x92, 0xc5, 0xde},
    {0xd1, 0xe5, 0xf0}, {0xf7, 0xf7, 0xf7}, {0xfd, 0xdb, 0xc7}, {0xf4, 0xa5, 0x82},
    {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b}, {0x67, 0x00, 0x1f}};

std::uint32_t pack(float r, float g, float b) {
    auto byte = [](float v) { return static_cast<std::uint32_t>(std::clamp(v, 0.0f, 255.0f) + 0.5f); };
    return byte(r) | (byte(g) << 8) | (byte(b) << 16) | 0xFF000000u;
}

} // namespace

std::uint32_t colormap_rgba(Colormap map, double t) {
    const Rgb* table = map == Colormap::Viridis ? kViridis : kRdBu;
    if (!(t >= 0.0)) t = 0.0; // also catches NaN
    if (t > 1.0) t = 1.0;
    const double pos = t * 10.0;
    const int i = std::min(9, static_cast<int>(pos));
    const float f = static_cast<float>(pos - i);
    const Rgb a = table[i], b = table[i + 1];
    return pack(a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f);
}

std::uint32_t contrasting_text_rgba(std::uint32_t bg) {
    auto linear = [](std::uint32_t c) {
        const double s = c / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    const double lum = 0.2126 * linear(bg & 0xFF) + 0.7152 * linear((bg >> 8) & 0xFF) + 0.0722 * linear((bg >> 16) & 0xFF);
    // Contrast against black (lum+0.05)/0.05 vs white 1.05/(lum+0.05) cross at lum ≈ 0.179.
    return lum > 0.179 ? 0xFF000000u : 0xFFFFFFFFu;
}

double symmetric_range(const double* values, int count, double floor) {
    double m = floor;
    for (int i = 0; i < count; ++i)
        if (std::isfinite(values[i])) m = std::max(m, std::abs(values[i]));
    return m;
}

} // namespace attn::ui

namespace attn::ui {

double scores_view_range(const double* scores, const double* logits, int count) {
    return std::max(symmetric_range(scores, count), symmetric_range(logits, count));
}

} // namespace attn::ui
