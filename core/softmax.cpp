#include "softmax.h"
#include <cmath>
#include <limits>

namespace attn {

RowSoftmax softmax_rows(const Matrix& logits) {
    RowSoftmax out{Matrix(logits.rows(), logits.cols()), Vector(logits.rows())};
    Matrix& p = out.probabilities;
    for (Eigen::Index r = 0; r < logits.rows(); ++r) {
        const Scalar row_max = logits.row(r).maxCoeff();
        if (row_max == -std::numeric_limits<Scalar>::infinity()) {
            p.row(r).setZero(); // fully masked: exp(−∞ − (−∞)) would be NaN
            out.entropy(r) = 0;
            continue;
        }
        // Subtracting the row max leaves softmax unchanged (it cancels in the ratio) but
        // keeps every exponent ≤ 0: exp never overflows, and the max entry is exp(0) = 1
        // so the sum is ≥ 1 and never underflows to 0. Logits of ±1e4 stay finite.
        // std::exp, not Eigen's vectorised exp: Eigen's clamps its input near −709 and
        // returns ~5e−309 for −∞, so masked entries would not be exactly 0.
        Scalar sum = 0, weighted_shift = 0;
        for (Eigen::Index c = 0; c < logits.cols(); ++c) {
            const Scalar shifted = logits(r, c) - row_max;
            const Scalar e = std::exp(shifted);
            p(r, c) = e;
            sum += e;
            if (e > 0) weighted_shift += e * shifted; // e = 0 contributes 0·ln 0 = 0 (and −∞·0 is NaN)
        }
        p.row(r) /= sum;
        // With p_j = e^{s_j}/Z: −Σ p_j ln p_j = ln Z − Σ p_j s_j. One log per row instead of
        // one per entry; both terms are ≥ 0, so nothing cancels.
        out.entropy(r) = std::log(sum) - weighted_shift / sum;
    }
    return out;
}

} // namespace attn
