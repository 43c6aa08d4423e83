// attnviz core: a Result as plain-text tables, the way a textbook prints them — rows and
// columns labelled with tokens, fixed decimals, columns aligned even for CJK tokens.
#pragma once
#include "matrix.h"
#include "result.h"
#include <string>
#include <vector>

namespace attn {

// x with a fixed number of decimals, ASCII only ("-inf", "nan"); never "-0.000", which
// would suggest a sign the value does not meaningfully have at that precision.
std::string format_fixed(Scalar x, int decimals);

// One titled matrix. Labels are UTF-8; alignment counts terminal columns, not bytes.
// Non-finite entries print as -inf / inf / nan.
std::string format_matrix(const std::string& title, const Matrix& m, const std::vector<std::string>& row_labels,
                          const std::vector<std::string>& col_labels, int decimals);

// Sections X, then per head Q, K, V, Scores QKᵀ, Logits, Weights (softmax), Head output,
// then Concat and Output.
std::string format_result_table(const Result& r, int decimals = 4);

} // namespace attn
