// attnviz core: every layer's and head's attention weights for one text, as plain data —
// what the model view draws (a grid of small heatmaps, like BertViz's model view) — and
// the patterns measured on them (previous-token, induction, first-token sink). Built from
// a Gpt2Run or from any source of weight rows (an attention file exported from Python).
#pragma once
#include "gpt2_run.h"
#include <functional>
#include <string>
#include <vector>

namespace attn::model {

// Mean weights of one head on the current text; NaN where the text has no such position.
struct HeadPattern {
    double previous = 0;  // on key i−1, over queries 1…T−1
    double induction = 0; // on the key after the previous occurrence of query i's token, over the queries whose token occurred before
    double first = 0;     // on key 0, over queries 1…T−1
    int induction_queries = 0; // how many queries the induction mean is over
};

struct AttentionMaps {
    std::vector<std::string> tokens; // T
    int layers = 0, heads = 0;
    int size = 0;                    // side of each map: ⌈T / block⌉ (max of each block×block square)
    int block = 1;                   // positions per cell: pooled_block(T, max_size)
    std::vector<double> maps;        // [(layer·heads + head)·size² …]: size×size row-major, 0 where masked
    std::vector<HeadPattern> patterns; // [layer·heads + head], measured at full resolution
    const double* map(int layer, int head) const { return maps.data() + static_cast<size_t>(layer * heads + head) * size * size; }
    const HeadPattern& pattern(int layer, int head) const { return patterns[static_cast<size_t>(layer * heads + head)]; }
};

// Positions per cell when T positions are drawn in at most max_size cells: the smallest
// power of two that fits. Powers of two nest, so as a text grows its maps coarsen by
// merging 2×2 cells, and a typed token changes one row of cells (see AttentionMapsCache).
int pooled_block(int T, int max_size);
int pooled_size(int T, int max_size); // ⌈T / pooled_block⌉ ≤ max_size

// Row i of head (layer, head)'s weights: i + 1 entries when `causal`, else T.
using WeightRow = std::function<const float*(int layer, int head, int row)>;
AttentionMaps attention_maps(const std::vector<std::string>& tokens, int layers, int heads, bool causal,
                             const WeightRow& row, int max_size);
AttentionMaps attention_maps(const Gpt2Run& run, const std::vector<std::string>& tokens, int max_size);

// What update_attention_maps() keeps between calls to redo only the rows that changed.
struct AttentionMapsCache {
    std::vector<int> ids;                      // the run's tokens the maps were built from
    // Per head ([layer·heads + head]), per row i: the running sums measure_head() adds up,
    // through row i, so a text cut back after row k reads its means at k.
    std::vector<std::vector<double>> previous, first, induction;
    std::vector<int> induction_key;            // per row: the key after the previous occurrence of its token, or −1
    std::vector<int> induction_queries;        // per row: how many rows up to it have one
};
// Brings `maps` to the run's tokens (`tokens` their labels) as attention_maps(run, tokens,
// max_size) would build them — entry for entry — redoing only what changed: a typed token
// adds a row to each head, O(layers·heads·T); an edit before the end redoes the rows after
// it; a text longer by a power of two merges cells. Only a text so much shorter that the
// cells get finer is rebuilt from scratch.
void update_attention_maps(AttentionMaps& maps, AttentionMapsCache& cache, const Gpt2Run& run,
                           const std::vector<std::string>& tokens, int max_size);

// Tokens are compared as strings: the same piece twice is "the same token".
HeadPattern measure_head(const std::function<const float*(int row)>& row, bool causal, const std::vector<std::string>& tokens);
// One line for a hover: the pattern when one is clear ("induction head"…), then the three means.
std::string describe_head(const HeadPattern& p);

} // namespace attn::model
