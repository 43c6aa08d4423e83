#include "embeddings.h"
#include "random.h"
#include <cmath>

namespace attn {

namespace {

// Two decimals keep the numbers in a textbook-style table readable by hand. std::round
// (halves away from zero) is a library call in WebAssembly; trunc is one instruction, and
// x − trunc(x) is exact, so this is the same rounding.
Scalar round_to_hundredths(Scalar u) {
    const Scalar x = u * 100.0, whole = std::trunc(x);
    return (std::fabs(x - whole) >= 0.5 ? whole + std::copysign(1.0, x) : whole) / 100.0;
}

// A token's row, written in place: seeded_embeddings() fills T of them on every edit.
void fill_seeded_embedding(const std::string& token, std::uint64_t seed, Scalar* row, int dim) {
    SplitMix64 rng(mix_seed(fnv1a64(token), seed));
    for (int c = 0; c < dim; ++c) row[c] = round_to_hundredths(rng.next_symmetric());
}

Matrix draw_matrix(SplitMix64& rng, int rows, int cols, Scalar amplitude) {
    Matrix m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) m(r, c) = amplitude * rng.next_symmetric();
    return m;
}

} // namespace

Vector seeded_embedding(const std::string& token, int dim, std::uint64_t seed) {
    Vector row(dim);
    fill_seeded_embedding(token, seed, row.data(), dim);
    return row;
}

Matrix seeded_embeddings(const std::vector<std::string>& tokens, int dim, std::uint64_t seed) {
    Matrix e(static_cast<Eigen::Index>(tokens.size()), dim);
    for (std::size_t t = 0; t < tokens.size(); ++t)
        fill_seeded_embedding(tokens[t], seed, e.data() + t * static_cast<std::size_t>(dim), dim);
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
