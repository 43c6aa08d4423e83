#include "embeddings.h"
#include "random.h"
#include <cmath>

namespace attn {

namespace {

// Two decimals keep the numbers in a textbook-style table readable by hand.
Scalar round_to_hundredths(Scalar u) { return std::round(u * 100.0) / 100.0; }

Matrix draw_matrix(SplitMix64& rng, int rows, int cols, Scalar amplitude) {
    Matrix m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) m(r, c) = amplitude * rng.next_symmetric();
    return m;
}

} // namespace

Vector seeded_embedding(const std::string& token, int dim, std::uint64_t seed) {
    SplitMix64 rng(mix_seed(fnv1a64(token), seed));
    Vector row(dim);
    for (int c = 0; c < dim; ++c) row(c) = round_to_hundredths(rng.next_symmetric());
    return row;
}

Matrix seeded_embeddings(const std::vector<std::string>& tokens, int dim, std::uint64_t seed) {
    Matrix e(static_cast<Eigen::Index>(tokens.size()), dim);
    for (std::size_t t = 0; t < tokens.size(); ++t)
        e.row(static_cast<Eigen::Index>(t)) = seeded_embedding(tokens[t], dim, seed);
    return e;
}

Projections seeded_projections(int d_model, std::uint64_t seed) {
    SplitMix64 rng(seed);
    const Scalar amplitude = std::sqrt(3.0 / d_model);
    Projections p;
    p.wq = draw_matrix(rng, d_model, d_model, amplitude);
    p.wk = draw_matrix(rng, d_model, d_model, amplitude);
    p.wv = draw_matrix(rng, d_model, d_model, amplitude);
    p.wo = draw_matrix(rng, d_model, d_model, amplitude);
    return p;
}

Projections identity_projections(int d_model) {
    const Matrix identity = Matrix::Identity(d_model, d_model);
    return {identity, identity, identity, identity};
}

} // namespace attn
