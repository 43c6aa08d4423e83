// attnviz-bench (native): the whole forward pass, compute(), as the UI calls it on every
// scenario change — including resolving seeded embeddings/projections and allocating the Result.
#include "bench_scenarios.h"
#include "core/result.h"
#include <benchmark/benchmark.h>

namespace {

void BM_Compute(benchmark::State& state) {
    const attn::bench::Shape shape{int(state.range(0)), int(state.range(1)), int(state.range(2))};
    const attn::Scenario scenario = attn::bench::seeded_scenario(shape);
    for (auto _ : state) benchmark::DoNotOptimize(attn::compute(scenario));
    state.SetLabel("T=" + std::to_string(shape.tokens) + " d=" + std::to_string(shape.d_model) +
                   " h=" + std::to_string(shape.heads));
}

void shapes(benchmark::internal::Benchmark* b) {
    for (const auto& shape : attn::bench::kShapes) b->Args({shape.tokens, shape.d_model, shape.heads});
}

} // namespace

BENCHMARK(BM_Compute)->Apply(shapes)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
