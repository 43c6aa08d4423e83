// attnviz core: deterministic embeddings and projection matrices drawn from a seed.
// Exact algorithms in docs/scenario-format.md ("Seeded values").
#pragma once
#include "matrix.h"
#include <cstdint>
#include <string>
#include <vector>

namespace attn {

// 1×dim: SplitMix64 seeded by mix_seed(fnv1a64(token), seed); each entry is uniform in
// [-1, 1) rounded to 2 decimals so a learner reads 0.37, not 0.3712.
// Depends only on the token text, so a repeated token gets the same vector.
Vector seeded_embedding(const std::string& token, int dim, std::uint64_t seed);
Matrix seeded_embeddings(const std::vector<std::string>& tokens, int dim, std::uint64_t seed);

struct Projections {
    Matrix wq, wk, wv, wo; // each d_model×d_model
};

// One SplitMix64 stream seeded by `seed` fills wq, wk, wv, wo in that order, row by row;
// entries are u·√(3/d_model) with u uniform in [-1, 1), i.e. variance 1/d_model, so
// X·W keeps the variance of X (Glorot-style). Not rounded.
Projections seeded_projections(int d_model, std::uint64_t seed);
Projections identity_projections(int d_model);

} // namespace attn
