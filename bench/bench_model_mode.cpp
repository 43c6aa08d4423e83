// Model mode's figures natively (attnviz-bench-model; the page's come from
// tests/browser/e2e_model.mjs): loading the shipped model, the time from the Model button to
// the first frame with the head's heatmaps, and the time per typed token (the text one
// character longer, run through the key/value cache, and the frame drawn). The whole UI is
// drawn headless (no GPU). Best of several runs: the machine is shared. Not a test.
// usage: attnviz-bench-model [DIR [LETTERS [RUNS]]] (docs/models.md, "Model mode's figures")
#include "ui/model_mode.h"
#include "tests/support/headless_ui.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

} // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ATTNVIZ_MODEL_DIR;
    const int kRuns = argc > 3 ? std::atoi(argv[3]) : 5;
    double load = 1e30, first = 1e30, per_token = 1e30;
    size_t short_tokens = 0, long_tokens = 0;
    const std::string typed = " are soon parted, and the fool";
    for (int run = 0; run < kRuns; ++run) {
        HeadlessUi ui;
        attn::ui::ModelState& m = attn::ui::model_state(ui.app);
        auto start = Clock::now();
        std::string error;
        if (!attn::ui::model_load_folder(ui.app, dir, &error)) {
            std::fprintf(stderr, "attnviz-bench-model: %s\n", error.c_str());
            return 2;
        }
        load = std::min(load, ms_since(start));
        start = Clock::now();
        attn::ui::model_open(ui.app, &error);
        while (attn::ui::model_busy(ui.app)) ui.frames(1);
        ui.frames(1);
        first = std::min(first, ms_since(start));
        const std::string base = m.text;
        const size_t tokens_before = m.ids.size();
        short_tokens = tokens_before;
        start = Clock::now();
        for (size_t c = 1; c <= typed.size(); ++c) {
            attn::ui::model_set_text(ui.app, base + typed.substr(0, c));
            do ui.frames(1); while (attn::ui::model_busy(ui.app));
        }
        const size_t new_tokens = std::max<size_t>(1, m.ids.size() - tokens_before);
        per_token = std::min(per_token, ms_since(start) / static_cast<double>(new_tokens));
    }
    // A long text (argument 2: its length in letters), then typing at its end.
    double long_ms = 0, long_typed = 0, rebuild = 0;
    const int letters = argc > 2 ? std::atoi(argv[2]) : 0;
    if (letters > 0) {
        HeadlessUi ui;
        std::string error;
        attn::ui::model_load_folder(ui.app, dir, &error);
        attn::ui::model_open(ui.app, &error);
        std::string text;
        for (int i = 0; i < letters; ++i) text += static_cast<char>('a' + (i * 7919) % 26);
        auto start = Clock::now();
        attn::ui::model_set_text(ui.app, text);
        while (attn::ui::model_busy(ui.app)) ui.frames(1);
        ui.frames(1);
        long_ms = ms_since(start);
        long_tokens = attn::ui::model_state(ui.app).ids.size();
        start = Clock::now();
        for (int c = 0; c < 8; ++c) {
            text += 'x';
            attn::ui::model_set_text(ui.app, text);
            do ui.frames(1); while (attn::ui::model_busy(ui.app));
        }
        long_typed = ms_since(start) / 8;
        start = Clock::now();
        attn::ui::model_select(ui.app, 1, 1);
        ui.frames(1);
        rebuild = ms_since(start);
    }
    std::printf("model %s, best of %d runs (wall clock, shared machine):\n", dir.c_str(), kRuns);
    std::printf("  load (config, safetensors, BPE)      %8.2f ms\n", load);
    std::printf("  Model button → first heatmap frame   %8.2f ms\n", first);
    std::printf("  per typed token from %3zu tokens on     %8.2f ms\n", short_tokens, per_token);
    if (letters > 0) {
        std::printf("  %d letters (%zu tokens): run + first frame %8.2f ms\n", letters, long_tokens, long_ms);
        std::printf("  … then per typed character           %8.2f ms\n", long_typed);
        std::printf("  … another head (Result + frame)      %8.2f ms\n", rebuild);
    }
    return 0;
}
