#include "attention_maps.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace attn::model {

// A head is called by a pattern's name from a mean weight of 0.4 on: the reading the shipped
// model's card uses (assets/models/fortunes-gpt2/README.md) and issue 13's induction bar.
namespace {
constexpr double kPreviousThreshold = 0.4, kInductionThreshold = 0.4, kSinkThreshold = 0.4;
constexpr int kMinInductionQueries = 2; // one repeated token is an anecdote
}

HeadPattern measure_head(const std::function<const float*(int row)>& row, bool causal, const std::vector<std::string>& tokens) {
    (void)causal; // row i's first i + 1 entries mean the same in both layouts
    const int T = static_cast<int>(tokens.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    HeadPattern p;
    p.previous = p.first = p.induction = nan;
    if (T < 2) return p;
    double previous = 0, first = 0, induction = 0;
    std::map<std::string, int> last_seen;
    for (int i = 0; i < T; ++i) {
        const float* w = row(i);
        if (i > 0) previous += w[i - 1], first += w[0];
        const auto it = last_seen.find(tokens[static_cast<size_t>(i)]);
        // The induction target: the token that followed the previous occurrence (Olsson et al. 2022).
        if (it != last_seen.end() && it->second + 1 <= i) {
            induction += w[it->second + 1];
            ++p.induction_queries;
        }
        last_seen[tokens[static_cast<size_t>(i)]] = i;
    }
    p.previous = previous / (T - 1);
    p.first = first / (T - 1);
    if (p.induction_queries > 0) p.induction = induction / p.induction_queries;
    return p;
}

std::string describe_head(const HeadPattern& p) {
    std::string name;
    if (p.induction_queries >= kMinInductionQueries && p.induction >= kInductionThreshold) name = "induction head";
    else if (p.previous >= kPreviousThreshold) name = "previous-token head";
    else if (p.first >= kSinkThreshold) name = "first-token sink";
    char numbers[200];
    if (std::isnan(p.previous)) return "too few tokens to measure";
    if (p.induction_queries > 0)
        std::snprintf(numbers, sizeof numbers, "on this text: %.2f on i−1, %.2f after the earlier occurrence (%d queries), %.2f on the first token",
                      p.previous, p.induction, p.induction_queries, p.first);
    else
        std::snprintf(numbers, sizeof numbers, "on this text: %.2f on i−1, %.2f on the first token (no repeated token)", p.previous, p.first);
    return (name.empty() ? std::string("no clear pattern") : name) + "\n" + numbers;
}

AttentionMaps attention_maps(const std::vector<std::string>& tokens, int layers, int heads, bool causal,
                             const WeightRow& row, int max_size) {
    AttentionMaps m;
    m.tokens = tokens;
    m.layers = layers, m.heads = heads;
    const int T = static_cast<int>(tokens.size());
    m.size = std::min(T, std::max(1, max_size));
    const int S = m.size;
    m.maps.assign(static_cast<size_t>(layers) * heads * S * S, 0.0);
    m.patterns.resize(static_cast<size_t>(layers) * heads);
    std::vector<std::ptrdiff_t> column_block(static_cast<size_t>(T)); // key j → its block (a division per weight would dominate)
    for (int j = 0; j < T; ++j) column_block[static_cast<size_t>(j)] = static_cast<std::ptrdiff_t>(j) * S / T;
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h) {
            double* out = m.maps.data() + static_cast<size_t>(l * heads + h) * S * S;
            for (int i = 0; i < T; ++i) {
                const float* w = row(l, h, i);
                const int keys = causal ? i + 1 : T;
                double* block_row = out + static_cast<std::ptrdiff_t>(i) * S / T * S;
                // The largest weight of each block: a pooled stripe must stay visible.
                for (int j = 0; j < keys; ++j) {
                    double& cell = block_row[column_block[static_cast<size_t>(j)]];
                    cell = std::max(cell, static_cast<double>(w[j]));
                }
            }
            m.patterns[static_cast<size_t>(l * heads + h)] =
                measure_head([&](int i) { return row(l, h, i); }, causal, tokens);
        }
    return m;
}

AttentionMaps attention_maps(const Gpt2Run& run, const std::vector<std::string>& tokens, int max_size) {
    std::vector<std::string> labels = tokens;
    labels.resize(static_cast<size_t>(run.length()));
    return attention_maps(labels, run.config().n_layer, run.config().n_head, true,
                          [&](int l, int h, int i) { return run.weights_row(l, h, i); }, max_size);
}

} // namespace attn::model
