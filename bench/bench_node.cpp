// attnviz-bench-wasm.js (WebAssembly under Node.js): V8 first runs wasm in a baseline tier, so
// each shape is warmed up before timing, and timed over many calls, not one long one.
// Beside the wall time it reports the process's CPU time per call (Node's process.cpuUsage):
// on a busy machine the scheduler's pauses inflate the wall time, not the CPU time.
#include "bench_scenarios.h"
#include "core/result.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <emscripten.h>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

EM_JS(double, cpu_microseconds, (), {
    const u = process.cpuUsage();
    return u.user + u.system;
});

struct Timing {
    double wall_us; // mean wall-clock microseconds per compute()
    double cpu_us;  // mean CPU microseconds per compute()
};

// Over at least `min_seconds` and 5 calls.
Timing time_compute(const attn::Scenario& s, double min_seconds) {
    int calls = 0;
    const auto start = Clock::now();
    const double cpu_start = cpu_microseconds();
    do {
        auto result = attn::compute(s);
        ++calls;
        if (result->output.size() == 0) std::puts(""); // keeps the call from being optimised away
    } while (calls < 5 || seconds_since(start) < min_seconds);
    return {seconds_since(start) * 1e6 / calls, (cpu_microseconds() - cpu_start) / calls};
}

} // namespace

int main() {
    std::printf("%-6s %-8s %-6s %14s %14s\n", "T", "d_model", "heads", "us/compute", "cpu us/compute");
    for (const auto& shape : attn::bench::kShapes) {
        const attn::Scenario s = attn::bench::seeded_scenario(shape);
        time_compute(s, 0.3); // warm-up: lets V8 tier up to optimised code
        const Timing t = time_compute(s, 1.0);
        std::printf("%-6d %-8d %-6d %14.1f %14.1f\n", shape.tokens, shape.d_model, shape.heads, t.wall_us, t.cpu_us);
    }
    return 0;
}
