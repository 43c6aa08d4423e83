// attnviz-bench-bpe (native) and attnviz-bench-bpe-wasm.js (Node.js): GPT-2 BPE speed.
// usage: attnviz-bench-bpe VOCAB_JSON MERGES_TXT TEXT_FILE...
// Loading, a first encode (empty pre-token cache), encodes with the cache warm, decode.
// Each timing is the best of several runs: the machine is shared.
#include "core/model/bpe.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

template <class Action> double best_seconds(int runs, Action&& action) {
    double best = 1e30;
    for (int r = 0; r < runs; ++r) {
        const auto start = Clock::now();
        action();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

std::string read_file(const char* path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s VOCAB_JSON MERGES_TXT TEXT_FILE...\n", argv[0]);
        return 2;
    }
    const std::string vocab = read_file(argv[1]), merges = read_file(argv[2]);
    std::string text;
    for (int i = 3; i < argc; ++i) text += read_file(argv[i]);
    const double mb = static_cast<double>(text.size()) / 1e6;

    attn::model::Bpe bpe;
    const double load = best_seconds(3, [&] { bpe = attn::model::parse_bpe(vocab, merges); });
    std::vector<int> ids;
    double cold = 1e30;
    for (int r = 0; r < 3; ++r) { // a fresh Bpe each time: its pre-token cache is empty
        const attn::model::Bpe fresh = attn::model::parse_bpe(vocab, merges);
        cold = std::min(cold, best_seconds(1, [&] { ids = attn::model::bpe_encode(fresh, text); }));
    }
    const double warm = best_seconds(5, [&] { ids = attn::model::bpe_encode(bpe, text); });
    std::string back;
    const double decode = best_seconds(5, [&] { back = attn::model::bpe_decode(bpe, ids); });
    std::printf("text: %.0f KB, %zu tokens, round trip %s\n", mb * 1e3, ids.size(), back == text ? "ok" : "FAILED");
    std::printf("load vocab.json + merges.txt: %8.1f ms\n", load * 1e3);
    std::printf("encode, empty cache:          %8.1f ms  %6.2f MB/s\n", cold * 1e3, mb / cold);
    std::printf("encode, warm cache:           %8.1f ms  %6.2f MB/s\n", warm * 1e3, mb / warm);
    std::printf("decode:                       %8.1f ms\n", decode * 1e3);
    return back == text ? 0 : 1;
}
