// Colour maps and the range of diverging heatmaps: the published colours at the ends and
// the middle, clamping, and the text colour chosen by WCAG relative luminance.
#include "colormap.h"
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

using namespace attn::ui;

namespace {
// Packed as ImU32 (0xAABBGGRR): red in the lowest byte.
std::uint32_t rgb(unsigned hex) { return 0xFF000000u | ((hex >> 16) & 0xFF) | (hex & 0xFF00) | ((hex & 0xFF) << 16); }
int channel(std::uint32_t c, int i) { return int((c >> (8 * i)) & 0xFF); }
} // namespace

TEST_CASE("viridis and RdBu give the published colours at their ends and middle", "[colormap]") {
    // matplotlib's viridis: #440154 at 0, #21918c at 0.5, #fde725 at 1.
    CHECK(colormap_rgba(Colormap::Viridis, 0.0) == rgb(0x440154));
    CHECK(colormap_rgba(Colormap::Viridis, 0.5) == rgb(0x21918c));
    CHECK(colormap_rgba(Colormap::Viridis, 1.0) == rgb(0xfde725));
    // ColorBrewer's 11-class RdBu, reversed: dark blue for the most negative, near-white at 0, dark red.
    CHECK(colormap_rgba(Colormap::RdBu, 0.0) == rgb(0x053061));
    CHECK(colormap_rgba(Colormap::RdBu, 0.5) == rgb(0xf7f7f7));
    CHECK(colormap_rgba(Colormap::RdBu, 1.0) == rgb(0x67001f));
}

TEST_CASE("between samples the colour is interpolated; outside [0, 1] and NaN are clamped", "[colormap]") {
    // Halfway between viridis' first two samples #440154 and #482475: (70, 18.5, 100.5).
    const std::uint32_t c = colormap_rgba(Colormap::Viridis, 0.05);
    CHECK(std::abs(channel(c, 0) - 70) <= 1);
    CHECK(std::abs(channel(c, 1) - 18) <= 1);
    CHECK(std::abs(channel(c, 2) - 100) <= 1);
    CHECK(channel(c, 3) == 255);
    CHECK(colormap_rgba(Colormap::Viridis, -3.0) == rgb(0x440154));
    CHECK(colormap_rgba(Colormap::Viridis, 7.0) == rgb(0xfde725));
    CHECK(colormap_rgba(Colormap::RdBu, std::numeric_limits<double>::quiet_NaN()) == rgb(0x053061));
}

TEST_CASE("text on a cell is black or white by the background's relative luminance", "[colormap]") {
    const std::uint32_t black = 0xFF000000u, white = 0xFFFFFFFFu;
    CHECK(contrasting_text_rgba(rgb(0xffffff)) == black);
    CHECK(contrasting_text_rgba(rgb(0x000000)) == white);
    CHECK(contrasting_text_rgba(rgb(0x440154)) == white); // viridis' dark end
    CHECK(contrasting_text_rgba(rgb(0xfde725)) == black); // … and its light end
    // The two contrast ratios cross at luminance 0.179: grey 0x75 is 0.1779 (white wins),
    // 0x76 is 0.1812 (black wins), by the sRGB formula of WCAG 2.
    CHECK(contrasting_text_rgba(rgb(0x757575)) == white);
    CHECK(contrasting_text_rgba(rgb(0x767676)) == black);
}

TEST_CASE("a diverging map's range is the largest finite |value|, never below the floor", "[colormap]") {
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    const double values[] = {1.0, -3.0, -inf, nan, 2.0, inf};
    CHECK(symmetric_range(values, 6) == 3.0); // masked logits (±∞) and NaN do not stretch the scale
    CHECK(symmetric_range(values, 1) == 1.0);
    const double zeros[] = {0.0, -0.0};
    CHECK(symmetric_range(zeros, 2) == 1e-9); // an all-zero matrix still has a usable scale
    CHECK(symmetric_range(values, 0, 0.5) == 0.5);
    CHECK(symmetric_range(values, 6, 10.0) == 10.0);
}

TEST_CASE("the logits share the scores' colour range, so scaling visibly changes the map", "[colormap][new-user]") {
    // Classic example, row 1: scores 2, 0, 2; with 1/√3 the logits are 1.155, 0, 1.155.
    const double scores[3] = {2.0, 0.0, 2.0};
    const double logits[3] = {2.0 / std::sqrt(3.0), 0.0, 2.0 / std::sqrt(3.0)};
    CHECK(scores_view_range(scores, logits, 3) == Approx(2.0)); // not 1.155: the bar stays, the colours fade
    const double sharp[3] = {4.0, 0.0, 4.0};                   // τ = 0.5 widens the range
    CHECK(scores_view_range(scores, sharp, 3) == Approx(4.0));
}
