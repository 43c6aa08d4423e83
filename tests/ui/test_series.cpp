// The training curves thinned to a plot's width: bucket means worked by hand for
// y = x² at x = 1…10 in 3 buckets (points 1–3, 4–6, 7–10).
#include "series.h"
#include <catch2/catch.hpp>
#include <vector>

using namespace attn::ui;

namespace {
PlotSeries squares() {
    PlotSeries s{"squares", {}, {}, 0xFF00FF00u, true};
    for (int x = 1; x <= 10; ++x) s.x.push_back(float(x)), s.y.push_back(float(x * x));
    return s;
}
} // namespace

TEST_CASE("downsample averages consecutive points into at most `buckets`", "[series]") {
    const PlotSeries d = downsample(squares(), 3);
    REQUIRE(d.x.size() == 3);
    REQUIRE(d.y.size() == 3);
    CHECK(d.x[0] == Approx(2.0));
    CHECK(d.y[0] == Approx(14.0 / 3)); // (1 + 4 + 9) / 3
    CHECK(d.x[1] == Approx(5.0));
    CHECK(d.y[1] == Approx(77.0 / 3)); // (16 + 25 + 36) / 3
    CHECK(d.x[2] == Approx(8.5));
    CHECK(d.y[2] == Approx(73.5));     // (49 + 64 + 81 + 100) / 4
    CHECK(d.name == "squares");
    CHECK(d.color == 0xFF00FF00u);
    CHECK(d.dashed);
}

TEST_CASE("downsample leaves a short series, or a nonsense bucket count, as it is", "[series]") {
    const PlotSeries s = squares();
    CHECK(downsample(s, 10).y == s.y);
    CHECK(downsample(s, 50).y == s.y);
    CHECK(downsample(s, 0).y == s.y);
    CHECK(downsample(PlotSeries{}, 4).x.empty());
}

TEST_CASE("bucket means from prefix sums give the same curve for per-step values", "[series]") {
    std::vector<double> prefix{0.0};
    for (int x = 1; x <= 10; ++x) prefix.push_back(prefix.back() + x * x);
    const PlotSeries b = bucket_means("loss", prefix, 3, 0xFF0000FFu);
    REQUIRE(b.x.size() == 3);
    CHECK(b.x[0] == Approx(2.0));
    CHECK(b.y[0] == Approx(14.0 / 3));
    CHECK(b.x[1] == Approx(5.0));
    CHECK(b.y[1] == Approx(77.0 / 3));
    CHECK(b.x[2] == Approx(8.5));
    CHECK(b.y[2] == Approx(73.5));
    CHECK(b.name == "loss");
    CHECK(b.color == 0xFF0000FFu);
    // Fewer points than buckets: every point is its own bucket, at x = 1 … n.
    const PlotSeries few = bucket_means("few", {0.0, 2.0, 5.0}, 8, 0);
    REQUIRE(few.x.size() == 2);
    CHECK(few.x[0] == Approx(1.0));
    CHECK(few.y[0] == Approx(2.0));
    CHECK(few.x[1] == Approx(2.0));
    CHECK(few.y[1] == Approx(3.0));
    CHECK(bucket_means("none", {0.0}, 8, 0).x.empty());
}
