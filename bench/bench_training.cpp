// attnviz-bench-train (native): training steps per second for each task at its default
// settings (batch, d_model, heads) — one step is a batch's forward and backward passes and
// an Adam update. Evaluation on held-out examples (every 10 steps in the UI) is timed apart.
#include "core/train/run.h"
#include <benchmark/benchmark.h>

namespace {

using namespace attn::train;

void BM_TrainStep(benchmark::State& state) {
    const Task& task = all_tasks()[size_t(state.range(0))];
    TrainingRun run = start_training(default_config(task.kind));
    for (auto _ : state) benchmark::DoNotOptimize(train_step(run));
    state.SetItemsProcessed(state.iterations()); // items/s = steps/s
    state.SetLabel(task.name + " T=" + std::to_string(task.tokens) + " d=" + std::to_string(run.config.d_model) +
                   " batch=" + std::to_string(run.config.batch_size));
}

void BM_Evaluate(benchmark::State& state) {
    const Task& task = all_tasks()[size_t(state.range(0))];
    const TrainingRun run = start_training(default_config(task.kind));
    for (auto _ : state) benchmark::DoNotOptimize(evaluate(run));
    state.SetLabel(task.name + ", " + std::to_string(run.held_out.size()) + " held-out examples");
}

} // namespace

BENCHMARK(BM_TrainStep)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Evaluate)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
