// The native kernels: Eigen's blocked products (vectorised for the instruction set the
// library is compiled for, see core/model/CMakeLists.txt) and plain loops the compiler
// vectorises (fast_exp is branch-free for that).
#include "kernels.h"
#include <Eigen/Core>
#include <algorithm>

namespace attn::model::kernels {

namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstView = Eigen::Map<const RowMajor, 0, Eigen::OuterStride<>>;
using View = Eigen::Map<RowMajor, 0, Eigen::OuterStride<>>;

} // namespace

void matmul(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int n, int k,
            const float* bias, bool accumulate) {
    const ConstView A(a, m, k, Eigen::OuterStride<>(lda));
    const ConstView B(b, k, n, Eigen::OuterStride<>(ldb));
    View C(c, m, n, Eigen::OuterStride<>(ldc));
    if (!accumulate) C.setZero();
    if (bias) C.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(bias, n);
    C.noalias() += A * B;
}

void matmul_abt(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int n, int k, float scale) {
    const ConstView A(a, m, k, Eigen::OuterStride<>(lda));
    const ConstView B(b, n, k, Eigen::OuterStride<>(ldb));
    View C(c, m, n, Eigen::OuterStride<>(ldc));
    C.noalias() = scale * (A * B.transpose());
}

void softmax(float* x, int n) {
    const float max = *std::max_element(x, x + n);
    float sum = 0;
    for (int i = 0; i < n; ++i) {
        x[i] = fast_exp(x[i] - max);
        sum += x[i];
    }
    const float inv = 1.0f / sum;
    for (int i = 0; i < n; ++i) x[i] *= inv;
}

void gelu_new(float* x, int n) {
    for (int i = 0; i < n; ++i) x[i] = gelu_new_scalar(x[i]);
}

} // namespace attn::model::kernels
