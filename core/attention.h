// attnviz core: the building blocks of one attention head, exposed so tests and
// lessons can check each step on its own. compute() (result.h) chains them.
#pragma once
#include "matrix.h"
#include "scenario.h"

namespace attn {

// T×T, 1 = may attend, 0 = masked: all ones (None), lower-triangular (Causal: token i
// sees tokens 0…i), or the scenario's own matrix (Explicit).
// With a cross-attention source the mask is T×T_s (`keys` columns).
Matrix attention_mask(const Scenario& s, int tokens, int keys = -1);

// scores · factor, with −∞ where mask is 0 (softmax then gives those entries weight 0).
Matrix masked_logits(const Matrix& scores, Scalar factor, const Matrix& mask);

} // namespace attn
