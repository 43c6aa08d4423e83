#include "softmax.h"
#include <cmath>
#include <limits>

namespace attn {

Matrix softmax_rows(const Matrix& logits) {
    Matrix p(logits.rows(), logits.cols());
    for (Eigen::Index r = 0; r < logits.rows(); ++r) {
        const Scalar row_max = logits.row(r).maxCoeff();
        if (row_max == -std::numeric_limits<Scalar>::infinity()) {
            p.row(r).setZero(); // fully masked: exp(−∞ − (−∞)) would be NaN
            continue;
        }
        // Subtracting the row max leaves softmax unchanged (it cancels in the ratio) but
        // keeps every exponent ≤ 0: exp never overflows, and the max entry is exp(0) = 1
        // so the sum is ≥ 1 and never underflows to 0. Logits of ±1e4 stay finite.
        // std::exp, not Eigen's vectorised exp: Eigen's clamps its input near −709 and
        // returns ~5e−309 for −∞, so masked entries would not be exactly 0.
        Scalar sum = 0;
        for (Eigen::Index c = 0; c < logits.cols(); ++c) {
            p(r, c) = std::exp(logits(r, c) - row_max);
            sum += p(r, c);
        }
        p.row(r) /= sum;
    }
    return p;
}

Vector row_entropy(const Matrix& probabilities) {
    Vector h(probabilities.rows());
    for (Eigen::Index r = 0; r < probabilities.rows(); ++r) {
        Scalar sum = 0;
        for (Eigen::Index c = 0; c < probabilities.cols(); ++c) {
            const Scalar p = probabilities(r, c);
            if (p > 0) sum -= p * std::log(p); // lim p→0 of p·ln p is 0
        }
        h(r) = sum;
    }
    return h;
}

} // namespace attn
