// attnviz-bench-ui (native): one whole UI frame (every panel, heatmaps, tooltips) drawn
// headless, and one edit = recompute + frame, at the sizes the issue names (T ≤ 64,
// d_model = 64, 8 heads). GPU time is not included: the draw lists ImGui hands the GPU
// are a few thousand vertices at these sizes.
#include "bench_scenarios.h"
#include "core/scenario_json.h"
#include "imgui.h"
#include "ui.h"
#include <benchmark/benchmark.h>

namespace {

struct Headless {
    AppState app;
    PlatformInfo pf;
    explicit Headless(const attn::bench::Shape& shape) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(pf.width, pf.height);
        io.DeltaTime = 1.0f / 60.0f;
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        // Large heatmaps go to a texture in the app; count that path, not GL's upload.
        app.textures.upload = [](void* existing, const std::uint32_t*, int, int, void*) -> void* {
            return existing ? existing : reinterpret_cast<void*>(std::uintptr_t{1});
        };
        ui_init(app);
        std::string error;
        ui_set_scenario_json(app, attn::scenario_to_json(attn::bench::seeded_scenario(shape)).dump(), &error);
        frame();
        frame();
    }
    ~Headless() { ImGui::DestroyContext(); }
    void frame() {
        ImGui::NewFrame();
        ui_frame(app, pf);
        ImGui::Render();
    }
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
