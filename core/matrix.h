// attnviz core: the one place Eigen types are named.
// Row-major, double precision: every number a learner sees is printed from these,
// and double keeps native and WebAssembly results equal to well past the digits shown.
#pragma once
#include <Eigen/Core>

namespace attn {

using Scalar = double;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::Matrix<Scalar, 1, Eigen::Dynamic, Eigen::RowMajor>; // a row vector

} // namespace attn
