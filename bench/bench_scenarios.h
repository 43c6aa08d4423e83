// The benchmarked scenarios, shared by the native (Google Benchmark) and Node.js runners:
// seeded embeddings and projections, so only (T, d_model, heads) vary.
#pragma once
#include "core/scenario.h"
#include <string>

namespace attn::bench {

struct Shape {
    int tokens, d_model, heads;
};

constexpr Shape kShapes[] = {{16, 64, 1}, {16, 64, 8}, {128, 64, 1}, {128, 64, 8}, {512, 64, 1}, {512, 64, 8}};

inline Scenario seeded_scenario(const Shape& shape) {
    Scenario s;
    for (int t = 0; t < shape.tokens; ++t) s.tokens.push_back("tok" + std::to_string(t));
    s.embedding_source = EmbeddingSource::Seeded;
    s.embedding_dim = shape.d_model;
    s.embedding_seed = 1;
    s.heads = shape.heads;
    s.projections = ProjectionKind::Seeded;
    s.projection_seed = 2;
    return s;
}

} // namespace attn::bench
