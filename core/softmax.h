// attnviz core: row-wise softmax and the entropy of the resulting distributions.
#pragma once
#include "matrix.h"

namespace attn {

// Each row of `logits` (−∞ marks a masked entry) becomes a probability distribution.
// A row that is entirely −∞ has nothing to attend to: it becomes all zeros (not NaN),
// so that token's attention output is the zero vector.
Matrix softmax_rows(const Matrix& logits);

// 1×rows: −Σ p·ln p of each row, in nats, with 0·ln 0 = 0 (an all-zero row has entropy 0).
Vector row_entropy(const Matrix& probabilities);

} // namespace attn
