// attnviz-bench-ui (native): one whole UI frame (every panel, heatmaps, tooltips) drawn
// headless, and one edit = recompute + frame, at the sizes the issue names (T ≤ 64,
// d_model = 64, 8 heads). GPU time is not included: the draw lists ImGui hands the GPU
// are a few thousand vertices at these sizes.
#include "bench_scenarios.h"
#include "core/scenario_json.h"
#include "tests/support/headless_ui.h"
#include <benchmark/benchmark.h>

using namespace attn::ui;

namespace {

struct Headless : HeadlessUi {
    explicit Headless(const attn::bench::Shape& shape) {
        std::string error;
        ui_set_scenario_json(app, attn::scenario_to_json(attn::bench::seeded_scenario(shape)).dump(), &error);
        frames(2);
    }
    void frame() { frames(1); }
};

attn::bench::Shape shape_of(const benchmark::State& state) {
    return {int(state.range(0)), int(state.range(1)), int(state.range(2))};
}

void BM_UiFrame(benchmark::State& state) {
    Headless ui(shape_of(state));
    for (auto _ : state) ui.frame();
    state.counters["vertices"] = ImGui::GetDrawData()->TotalVtxCount;
}

// An edit as the UI makes it: change the scenario, recompute everything, draw the frame.
void BM_EditRecomputeAndFrame(benchmark::State& state) {
    Headless ui(shape_of(state));
    double tau = 1.0;
    for (auto _ : state) {
        tau = tau == 1.0 ? 0.9 : 1.0;
        ui.app.scenario.temperature = tau;
        ui.app.result = attn::compute(ui.app.scenario);
        ++ui.app.generation;
        ui.frame();
    }
}

void shapes(benchmark::internal::Benchmark* b) {
    for (int t : {8, 16, 32, 64}) b->Args({t, 64, 8});
    b->Args({3, 3, 1});
}

} // namespace

BENCHMARK(BM_UiFrame)->Apply(shapes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EditRecomputeAndFrame)->Apply(shapes)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
