#include "model.h"
#include "portable_math.h"
#include <cmath>
#include <limits>

namespace attn::train {

namespace {

// C = A·B, C = Aᵀ·B and C += A·Bᵀ over row-major storage. Each sum runs over its index in
// increasing order and the compilers may not reassociate it (no -ffast-math), which is what
// makes native and WebAssembly agree bit for bit.
Matrix times(const Matrix& a, const Matrix& b) {
    Matrix c = Matrix::Zero(a.rows(), b.cols());
    const Eigen::Index n = a.rows(), inner = a.cols(), m = b.cols();
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index k = 0; k < inner; ++k) {
            const Scalar aik = a(i, k);
            const Scalar* brow = b.data() + k * m;
            Scalar* crow = c.data() + i * m;
            for (Eigen::Index j = 0; j < m; ++j) crow[j] += aik * brow[j];
        }
    return c;
}

void add_transpose_times(const Matrix& a, const Matrix& b, Matrix& c) { // c += aᵀ·b
    const Eigen::Index n = a.rows(), ka = a.cols(), m = b.cols();
    for (Eigen::Index r = 0; r < n; ++r)
        for (Eigen::Index i = 0; i < ka; ++i) {
            const Scalar ari = a(r, i);
            const Scalar* brow = b.data() + r * m;
            Scalar* crow = c.data() + i * m;
            for (Eigen::Index j = 0; j < m; ++j) crow[j] += ari * brow[j];
        }
}

Matrix times_transpose(const Matrix& a, const Matrix& b) { // a·bᵀ
    Matrix c(a.rows(), b.rows());
    for (Eigen::Index i = 0; i < a.rows(); ++i)
        for (Eigen::Index j = 0; j < b.rows(); ++j) {
            Scalar sum = 0;
            for (Eigen::Index k = 0; k < a.cols(); ++k) sum += a(i, k) * b(j, k);
            c(i, j) = sum;
        }
    return c;
}

Matrix glorot(int rows, int cols, SplitMix64& rng) {
    const Scalar limit = std::sqrt(6.0 / (rows + cols));
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = limit * rng.next_symmetric();
    return m;
}

// Sinusoidal positional encoding as core/positional.cpp defines it, from portable_math so
// training gives the same bits everywhere.
Matrix positional_encoding(int tokens, int d_model) {
    Matrix pe(tokens, d_model);
    const Scalar log_base = portable_log(10000.0);
    for (int col = 0; col < d_model; ++col) {
        const int two_i = col - col % 2;
        const Scalar wavelength_factor = portable_exp(log_base * two_i / d_model);
        for (int pos = 0; pos < tokens; ++pos) {
            const Scalar angle = pos / wavelength_factor;
            pe(pos, col) = col % 2 == 0 ? portable_sin(angle) : portable_cos(angle);
        }
    }
    return pe;
}

Matrix input_rows(const ModelShape& shape, const Parameters& p, const Example& e) {
    if (shape.vocabulary == 0) return e.vectors;
    const int T = int(e.tokens.size());
    Matrix x(T, shape.d_model);
    for (int i = 0; i < T; ++i) x.row(i) = p.embedding.row(e.tokens[i]);
    if (shape.positional) x += positional_encoding(T, shape.d_model);
    return x;
}

bool may_attend(const ModelShape& shape, int query, int key) { return !shape.causal || key <= query; }

// Numerically stable log(1 + e^z) − y·z, the binary cross-entropy of sigmoid(z) against y.
Scalar sigmoid_cross_entropy(Scalar z, Scalar y) {
    return std::max(z, Scalar(0)) + portable_log1p(portable_exp(-std::abs(z))) - y * z;
}

} // namespace

std::vector<Matrix*> tensors(Parameters& p) { return {&p.embedding, &p.wq, &p.wk, &p.wv, &p.wo, &p.w_out, &p.b_out}; }
std::vector<const Matrix*> tensors(const Parameters& p) {
    return {&p.embedding, &p.wq, &p.wk, &p.wv, &p.wo, &p.w_out, &p.b_out};
}
std::vector<const char*> tensor_names() { return {"embedding", "W_Q", "W_K", "W_V", "W_O", "W_out", "b_out"}; }

Parameters zeros_like(const Parameters& p) {
    Parameters z;
    auto from = tensors(p);
    auto to = tensors(z);
    for (size_t i = 0; i < from.size(); ++i) *to[i] = Matrix::Zero(from[i]->rows(), from[i]->cols());
    return z;
}

Parameters initial_parameters(const ModelShape& shape, std::uint64_t seed) {
    SplitMix64 rng(splitmix64_mix(seed ^ 0x7472616E73666Full)); // a stream of its own, apart from the data's
    const int d = shape.d_model;
    const int d_in = shape.vocabulary > 0 ? d : shape.input_dim;
    Parameters p;
    p.embedding = Matrix(shape.vocabulary, d);
    for (Eigen::Index i = 0; i < p.embedding.size(); ++i) p.embedding.data()[i] = rng.next_symmetric();
    p.wq = glorot(d_in, d, rng);
    p.wk = glorot(d_in, d, rng);
    p.wv = glorot(d_in, d, rng);
    p.wo = glorot(d, d, rng);
    p.w_out = glorot(d, shape.classes, rng);
    p.b_out = Matrix::Zero(1, shape.classes);
    return p;
}

Forward forward(const ModelShape& shape, const Parameters& p, const Example& example) {
    Forward f;
    const int T = int(example.targets.size());
    const int d = shape.d_model, dk = d / shape.heads;
    const Scalar scale = 1.0 / std::sqrt(Scalar(dk));
    f.x = input_rows(shape, p, example);
    f.q = times(f.x, p.wq);
    f.k = times(f.x, p.wk);
    f.v = times(f.x, p.wv);
    f.concat = Matrix::Zero(T, d);
    for (int h = 0; h < shape.heads; ++h) {
        const int c0 = h * dk;
        Matrix w = Matrix::Zero(T, T);
        for (int i = 0; i < T; ++i) {
            // Softmax over the keys token i may see, shifted by the row max so exp cannot overflow.
            Scalar row_max = -std::numeric_limits<Scalar>::infinity();
            for (int j = 0; j < T; ++j) {
                if (!may_attend(shape, i, j)) continue;
                Scalar score = 0;
                for (int c = c0; c < c0 + dk; ++c) score += f.q(i, c) * f.k(j, c);
                w(i, j) = score * scale;
                row_max = std::max(row_max, w(i, j));
            }
            Scalar total = 0;
            for (int j = 0; j < T; ++j) {
                if (!may_attend(shape, i, j)) continue;
                w(i, j) = portable_exp(w(i, j) - row_max);
                total += w(i, j);
            }
            for (int j = 0; j < T; ++j) w(i, j) /= total;
            for (int j = 0; j < T; ++j)
                for (int c = c0; c < c0 + dk; ++c) f.concat(i, c) += w(i, j) * f.v(j, c);
        }
        f.weights.push_back(std::move(w));
    }
    f.output = times(f.concat, p.wo);
    f.logits = times(f.output, p.w_out);
    for (int i = 0; i < T; ++i) f.logits.row(i) += p.b_out.row(0);

    f.probabilities.resize(T, shape.classes);
    for (int i = 0; i < T; ++i) {
        const int y = example.targets[i];
        if (shape.output == OutputKind::Sigmoid) {
            const Scalar z = f.logits(i, 0);
            f.probabilities(i, 0) = 1.0 / (1.0 + portable_exp(-z));
            if (y != kUnscored) f.loss_sum += sigmoid_cross_entropy(z, y);
        } else {
            const Scalar z_max = f.logits.row(i).maxCoeff();
            Scalar total = 0;
            for (int c = 0; c < shape.classes; ++c) total += (f.probabilities(i, c) = portable_exp(f.logits(i, c) - z_max));
            for (int c = 0; c < shape.classes; ++c) f.probabilities(i, c) /= total;
            if (y != kUnscored) f.loss_sum += z_max + portable_log(total) - f.logits(i, y); // log-sum-exp − z_y
        }
        if (y == kUnscored) continue;
        ++f.scored;
        if (predicted_class(shape, f, i) == y) ++f.correct;
    }
    return f;
}

void backward(const ModelShape& shape, const Parameters& p, const Example& example, const Forward& f,
              double loss_scale, Parameters& grad) {
    const int T = int(example.targets.size());
    const int d = shape.d_model, dk = d / shape.heads;
    const Scalar scale = 1.0 / std::sqrt(Scalar(dk));

    // Softmax + cross-entropy and sigmoid + BCE share the same gradient: prediction − target.
    Matrix d_logits = Matrix::Zero(T, shape.classes);
    for (int i = 0; i < T; ++i) {
        const int y = example.targets[i];
        if (y == kUnscored) continue;
        for (int c = 0; c < shape.classes; ++c) {
            const Scalar target = shape.output == OutputKind::Sigmoid ? Scalar(y) : Scalar(c == y);
            d_logits(i, c) = loss_scale * (f.probabilities(i, c) - target);
        }
    }
    add_transpose_times(f.output, d_logits, grad.w_out);
    for (int i = 0; i < T; ++i) grad.b_out.row(0) += d_logits.row(i);
    const Matrix d_output = times_transpose(d_logits, p.w_out);
    add_transpose_times(f.concat, d_output, grad.wo);
    const Matrix d_concat = times_transpose(d_output, p.wo);

    Matrix dq = Matrix::Zero(T, d), dk_ = Matrix::Zero(T, d), dv = Matrix::Zero(T, d);
    for (int h = 0; h < shape.heads; ++h) {
        const int c0 = h * dk;
        const Matrix& w = f.weights[h];
        for (int i = 0; i < T; ++i) {
            // dP_ij = dA_i · V_j;  dV_j += P_ij · dA_i
            Vector d_weights = Vector::Zero(T);
            for (int j = 0; j < T; ++j) {
                for (int c = c0; c < c0 + dk; ++c) {
                    d_weights(j) += d_concat(i, c) * f.v(j, c);
                    dv(j, c) += w(i, j) * d_concat(i, c);
                }
            }
            // Softmax Jacobian: dS_ij = P_ij (dP_ij − Σ_j' P_ij' dP_ij'); masked P_ij = 0 gives 0.
            Scalar expected = 0;
            for (int j = 0; j < T; ++j) expected += w(i, j) * d_weights(j);
            for (int j = 0; j < T; ++j) {
                const Scalar d_score = scale * w(i, j) * (d_weights(j) - expected);
                if (d_score == 0) continue;
                for (int c = c0; c < c0 + dk; ++c) {
                    dq(i, c) += d_score * f.k(j, c);
                    dk_(j, c) += d_score * f.q(i, c);
                }
            }
        }
    }
    add_transpose_times(f.x, dq, grad.wq);
    add_transpose_times(f.x, dk_, grad.wk);
    add_transpose_times(f.x, dv, grad.wv);
    if (shape.vocabulary > 0) {
        const Matrix dx = times_transpose(dq, p.wq) + times_transpose(dk_, p.wk) + times_transpose(dv, p.wv);
        for (int i = 0; i < T; ++i) grad.embedding.row(example.tokens[i]) += dx.row(i);
    }
}

int predicted_class(const ModelShape& shape, const Forward& f, int token) {
    if (shape.output == OutputKind::Sigmoid) return f.probabilities(token, 0) >= 0.5 ? 1 : 0;
    int best = 0;
    for (int c = 1; c < shape.classes; ++c)
        if (f.probabilities(token, c) > f.probabilities(token, best)) best = c;
    return best;
}

} // namespace attn::train
