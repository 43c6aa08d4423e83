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
    int size = 0;                    // side of each map: T, or less when T is pooled down (max of each block)
    std::vector<double> maps;        // [(layer·heads + head)·size² …]: size×size row-major, 0 where masked
    std::vector<HeadPattern> patterns; // [layer·heads + head], measured at full resolution
    const double* map(int layer, int head) const { return maps.data() + static_cast<size_t>(layer * heads + head) * size * size; }
    const HeadPattern& pattern(int layer, int head) const { return patterns[static_cast<size_t>(layer * heads + head)]; }
};

// Row i of head (layer, head)'s weights: i + 1 entries when `causal`, else T.
using WeightRow = std::function<const float*(int layer, int head, int row)>;
AttentionMaps attention_maps(const std::vector<std::string>& tokens, int layers, int heads, bool causal,
                             const WeightRow& row, int max_size);
AttentionMaps attention_maps(const Gpt2Run& run, const std::vector<std::string>& tokens, int max_size);

// Tokens are compared as strings: the same piece twice is "the same token".
HeadPattern measure_head(const std::function<const float*(int row)>& row, bool causal, const std::vector<std::string>& tokens);
// One line for a hover: the pattern when one is clear ("induction head"…), then the three means.
std::string describe_head(const HeadPattern& p);

} // namespace attn::model
