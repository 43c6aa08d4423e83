// attnviz core: sinusoidal positional encoding (Vaswani et al. 2017, §3.5).
#pragma once
#include "matrix.h"

namespace attn {

// T×d: PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d)),
// positions counted from 0. An odd d ends with a sine column.
Matrix sinusoidal_encoding(int tokens, int d_model);

} // namespace attn
