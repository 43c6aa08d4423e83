// attnviz-bench-train-wasm.js (WebAssembly under Node.js): training steps per second for
// each task at its default settings, after a warm-up so V8 has tiered up.
#include "core/train/run.h"
#include <chrono>
#include <cstdio>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Steps per second over at least `min_seconds` (and 20 steps).
double steps_per_second(attn::train::TrainingRun& run, double min_seconds) {
    int steps = 0;
    const auto start = Clock::now();
    do {
        attn::train::train_step(run);
        ++steps;
    } while (steps < 20 || seconds_since(start) < min_seconds);
    return steps / seconds_since(start);
}

} // namespace

int main() {
    std::printf("%-9s %-4s %-8s %-6s %12s %16s\n", "task", "T", "d_model", "batch", "steps/s", "evaluate (ms)");
    for (const attn::train::Task& task : attn::train::all_tasks()) {
        attn::train::TrainingRun run = attn::train::start_training(attn::train::default_config(task.kind));
        steps_per_second(run, 0.3); // warm-up
        const double rate = steps_per_second(run, 1.0);
        const auto start = Clock::now();
        int evaluations = 0;
        double sink = 0;
        do {
            sink += attn::train::evaluate(run).loss;
            ++evaluations;
        } while (evaluations < 3 || seconds_since(start) < 0.5);
        const double eval_ms = seconds_since(start) * 1e3 / evaluations;
        std::printf("%-9s %-4d %-8d %-6d %12.0f %16.2f%s\n", task.name.c_str(), task.tokens, run.config.d_model,
                    run.config.batch_size, rate, eval_ms, sink < 0 ? " " : "");
    }
    return 0;
}
