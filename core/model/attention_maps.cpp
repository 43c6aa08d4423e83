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

int pooled_block(int T, int max_size) {
    int block = 1;
    while (block < T && (T + block - 1) / block > std::max(1, max_size)) block *= 2;
    return block;
}

int pooled_size(int T, int max_size) {
    const int block = pooled_block(T, max_size);
    return (T + block - 1) / block;
}

AttentionMaps attention_maps(const std::vector<std::string>& tokens, int layers, int heads, bool causal,
                             const WeightRow& row, int max_size) {
    AttentionMaps m;
    m.tokens = tokens;
    m.layers = layers, m.heads = heads;
    const int T = static_cast<int>(tokens.size());
    m.block = pooled_block(T, max_size);
    m.size = pooled_size(T, max_size);
    const int S = m.size, B = m.block;
    m.maps.assign(static_cast<size_t>(layers) * heads * S * S, 0.0);
    m.patterns.resize(static_cast<size_t>(layers) * heads);
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h) {
            double* out = m.maps.data() + static_cast<size_t>(l * heads + h) * S * S;
            for (int i = 0; i < T; ++i) {
                const float* w = row(l, h, i);
                const int keys = causal ? i + 1 : T;
                double* block_row = out + static_cast<std::ptrdiff_t>(i / B) * S;
                // The largest weight of each block: a pooled stripe must stay visible.
                for (int j = 0; j < keys; ++j) {
                    double& cell = block_row[j / B];
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

namespace {

// Row i's weights maxed into its row of cells; `shift` is log2 of the block.
void pool_row(double* map, int size, int shift, const float* w, int i) {
    double* cells = map + static_cast<std::ptrdiff_t>(i >> shift) * size;
    for (int j = 0; j <= i; ++j) {
        double& cell = cells[j >> shift];
        cell = std::max(cell, static_cast<double>(w[j]));
    }
}

int log2_of(int power_of_two) {
    int shift = 0;
    while ((1 << shift) < power_of_two) ++shift;
    return shift;
}

// The maps' cells in a new layout: `factor`×`factor` old cells merged into one (the maximum
// of maxima is the maximum), into maps `size` cells wide. Cells the old maps lack are 0.
void relayout(AttentionMaps& maps, int factor, int size) {
    const int old_size = maps.size, count = maps.layers * maps.heads;
    std::vector<double> out(static_cast<size_t>(count) * size * size, 0.0);
    for (int m = 0; m < count; ++m) {
        const double* from = maps.maps.data() + static_cast<size_t>(m) * old_size * old_size;
        double* to = out.data() + static_cast<size_t>(m) * size * size;
        for (int r = 0; r < old_size && r / factor < size; ++r)
            for (int c = 0; c < old_size && c / factor < size; ++c) {
                double& cell = to[static_cast<std::ptrdiff_t>(r / factor) * size + c / factor];
                cell = std::max(cell, from[static_cast<std::ptrdiff_t>(r) * old_size + c]);
            }
    }
    maps.maps = std::move(out);
    maps.size = size;
}

} // namespace

void update_attention_maps(AttentionMaps& maps, AttentionMapsCache& cache, const Gpt2Run& run,
                           const std::vector<std::string>& tokens, int max_size) {
    const int T = run.length(), layers = run.config().n_layer, heads = run.config().n_head, count = layers * heads;
    std::vector<std::string> labels = tokens;
    labels.resize(static_cast<size_t>(T));
    const int block = pooled_block(T, max_size);
    // The rows still valid: those of the tokens (and labels) the maps share with the run.
    int kept = 0;
    const int built = static_cast<int>(cache.ids.size());
    if (maps.layers == layers && maps.heads == heads && built == static_cast<int>(maps.tokens.size()) && block >= maps.block)
        while (kept < std::min(built, T) && cache.ids[static_cast<size_t>(kept)] == run.ids()[static_cast<size_t>(kept)] &&
               maps.tokens[static_cast<size_t>(kept)] == labels[static_cast<size_t>(kept)])
            ++kept;
    if (kept == 0) { // from scratch (also the first time, or finer cells)
        maps = AttentionMaps{};
        maps.layers = layers, maps.heads = heads;
        cache = AttentionMapsCache{};
        cache.previous.resize(static_cast<size_t>(count));
        cache.first.resize(static_cast<size_t>(count));
        cache.induction.resize(static_cast<size_t>(count));
    }
    if (kept == T && built == T && block == maps.block) return;

    // Cut back to `kept` rows: the cells of the rows after it are cleared, and the rows before
    // them that share their row of cells pooled again (below, with the new rows).
    const int old_shift = log2_of(maps.block);
    const int repool_from = kept < built ? (kept >> old_shift) << old_shift : kept;
    for (int m = 0; m < count && maps.size > 0 && kept < built; ++m) {
        double* map = maps.maps.data() + static_cast<size_t>(m) * maps.size * maps.size;
        std::fill(map + static_cast<std::ptrdiff_t>(kept >> old_shift) * maps.size, map + static_cast<std::ptrdiff_t>(maps.size) * maps.size, 0.0);
    }
    const int size = (T + block - 1) / block;
    if (block != maps.block || size != maps.size) relayout(maps, block / maps.block, size);
    maps.block = block;
    const int shift = log2_of(block);
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h) {
            double* map = maps.maps.data() + static_cast<size_t>(l * heads + h) * size * size;
            for (int i = repool_from; i < T; ++i) pool_row(map, size, shift, run.weights_row(l, h, i), i);
        }

    // The patterns' running sums, as measure_head adds them up, for the rows after `kept`.
    cache.ids.assign(run.ids().begin(), run.ids().end());
    cache.induction_key.resize(static_cast<size_t>(kept));
    cache.induction_queries.resize(static_cast<size_t>(kept));
    std::map<std::string, int> last_seen;
    for (int i = 0; i < kept; ++i) last_seen[labels[static_cast<size_t>(i)]] = i;
    for (int i = kept; i < T; ++i) {
        const auto it = last_seen.find(labels[static_cast<size_t>(i)]);
        cache.induction_key.push_back(it != last_seen.end() ? it->second + 1 : -1);
        cache.induction_queries.push_back((i > 0 ? cache.induction_queries.back() : 0) + (it != last_seen.end() ? 1 : 0));
        last_seen[labels[static_cast<size_t>(i)]] = i;
    }
    maps.patterns.resize(static_cast<size_t>(count));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h) {
            const size_t m = static_cast<size_t>(l * heads + h);
            std::vector<double>& previous = cache.previous[m];
            std::vector<double>& first = cache.first[m];
            std::vector<double>& induction = cache.induction[m];
            previous.resize(static_cast<size_t>(kept));
            first.resize(static_cast<size_t>(kept));
            induction.resize(static_cast<size_t>(kept));
            for (int i = kept; i < T; ++i) {
                const float* w = run.weights_row(l, h, i);
                double p = i > 0 ? previous.back() : 0, f = i > 0 ? first.back() : 0, n = i > 0 ? induction.back() : 0;
                if (i > 0) p += w[i - 1], f += w[0];
                const int key = cache.induction_key[static_cast<size_t>(i)];
                if (key >= 0) n += w[key];
                previous.push_back(p);
                first.push_back(f);
                induction.push_back(n);
            }
            HeadPattern& pattern = maps.patterns[m];
            pattern = HeadPattern{};
            pattern.previous = pattern.first = pattern.induction = nan;
            if (T < 2) continue;
            pattern.previous = previous.back() / (T - 1);
            pattern.first = first.back() / (T - 1);
            pattern.induction_queries = cache.induction_queries.back();
            if (pattern.induction_queries > 0) pattern.induction = induction.back() / pattern.induction_queries;
        }
    maps.tokens = std::move(labels);
}

} // namespace attn::model
