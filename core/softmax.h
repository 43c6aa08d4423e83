// attnviz core: row-wise softmax and the entropy of the resulting distributions.
#pragma once
#include "matrix.h"

namespace attn {

struct RowSoftmax {
    Matrix probabilities; // rows×cols, each row sums to 1 (or is all 0, see below)
    Vector entropy;       // 1×rows: −Σ p·ln p of each row, in nats, with 0·ln 0 = 0
};

// Each row of `logits` (−∞ marks a masked entry) becomes a probability distribution.
// A row that is entirely −∞ has nothing to attend to: it becomes all zeros (not NaN),
// so that token's attention output is the zero vector, and its entropy is 0.
RowSoftmax softmax_rows(const Matrix& logits);

// The same for one row of n logits whose largest entry is row_max (row_maximum(), or found
// while making them), into `probabilities` (not aliasing them); returns the row's entropy.
Scalar softmax_row(const Scalar* logits, Scalar row_max, Scalar* probabilities, Eigen::Index n);
Scalar row_maximum(const Scalar* logits, Eigen::Index n);

// softmax_row in steps, for callers that fuse the division by the sum into a later pass
// (attention's weighted sum): p_j = exponentials_j · softmax_inverse_sum(). row_min is the
// row's smallest logit, or −∞ when not known (it only selects a faster path).
struct RowExponentials {
    Scalar sum = 0;            // Z = Σ_j e^(l_j − max); 0 for a fully masked row
    Scalar weighted_shift = 0; // Σ_j e^(l_j − max)·(l_j − max), for the entropy
};
RowExponentials row_exponentials(const Scalar* logits, Scalar row_max, Scalar row_min, Scalar* exponentials,
                                 Eigen::Index n);
Scalar softmax_inverse_sum(const RowExponentials& e); // 1/Z, 0 for a fully masked row (its p_j are all 0)
Scalar softmax_entropy(const RowExponentials& e);     // −Σ p ln p in nats

} // namespace attn
