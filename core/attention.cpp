// Scaled dot-product multi-head self-attention (Vaswani et al. 2017, eq. 1 and §3.2.2),
// in row-vector notation: Q = X·W_Q, scores = Q·Kᵀ, weights = softmax(scores·scale/τ),
// head output = weights·V; heads are concatenated and multiplied by W_O.
#include "attention.h"
#include "error.h"
#include "embeddings.h"
#include "positional.h"
#include "result.h"
#include "simd.h"
#include "softmax.h"
#include "tokenizer.h"
#include <algorithm>
#include <cmath>
#include <limits>

namespace attn {

namespace {

Matrix resolve_embeddings(const Scenario& s, const std::vector<std::string>& tokens) {
    return s.embedding_source == EmbeddingSource::Explicit ? s.embeddings
                                                           : seeded_embeddings(tokens, s.embedding_dim, s.embedding_seed);
}

Projections resolve_projections(const Scenario& s, int d_model) {
    switch (s.projections) {
    case ProjectionKind::Seeded: return seeded_projections(d_model, s.projection_seed);
    case ProjectionKind::Explicit: return {s.wq, s.wk, s.wv, s.wo};
    case ProjectionKind::Identity: break;
    }
    return identity_projections(d_model);
}

constexpr Scalar kInfinity = std::numeric_limits<Scalar>::infinity();
using simd::f64x2;

// out_c = Σ_j w_j·v_jc (the row of weights times V, d_k columns), each sum over j in
// order; eight columns at a time are kept in registers while the weights stream past.
void weighted_sum_row(const Scalar* w, const Matrix& v, Scalar* out) {
    const Eigen::Index T = v.rows(), d = v.cols();
    Eigen::Index c = 0;
    for (; c + 8 <= d; c += 8) {
        f64x2 a{}, b{}, e{}, f{};
        for (Eigen::Index j = 0; j < T; ++j) {
            const Scalar* row = v.data() + j * d + c;
            const f64x2 wj = simd::splat(w[j]);
            a += wj * simd::load(row);
            b += wj * simd::load(row + 2);
            e += wj * simd::load(row + 4);
            f += wj * simd::load(row + 6);
        }
        simd::store(out + c, a);
        simd::store(out + c + 2, b);
        simd::store(out + c + 4, e);
        simd::store(out + c + 6, f);
    }
    for (; c < d; ++c) {
        Scalar sum = 0;
        for (Eigen::Index j = 0; j < T; ++j) sum += w[j] * v(j, c);
        out[c] = sum;
    }
}

// out_j = Σ_c x_c·m_cj (a row vector times a matrix), each sum over c in order; eight j at
// a time are kept in registers while the rows of m stream past. Eigen's own product has no
// WebAssembly SIMD path (docs TOOLCHAIN.md) and took a fifth of an edit there. Each pair of
// results goes to finish(j, pair) while still in registers (the second lane is 0 for an
// odd last j).
template <class Finish> void row_times(const Scalar* x, const Matrix& m, Finish&& finish) {
    const Eigen::Index n = m.cols(), d = m.rows();
    Eigen::Index j = 0;
    for (; j + 8 <= n; j += 8) {
        const Scalar* row = m.data() + j;
        f64x2 a = x[0] * simd::load(row), b = x[0] * simd::load(row + 2), e = x[0] * simd::load(row + 4),
              f = x[0] * simd::load(row + 6);
        for (Eigen::Index c = 1; c < d; ++c) {
            row += n;
            a += x[c] * simd::load(row);
            b += x[c] * simd::load(row + 2);
            e += x[c] * simd::load(row + 4);
            f += x[c] * simd::load(row + 6);
        }
        finish(j, a);
        finish(j + 2, b);
        finish(j + 4, e);
        finish(j + 6, f);
    }
    for (; j < n; j += 2) {
        f64x2 sum = {x[0] * m(0, j), j + 1 < n ? x[0] * m(0, j + 1) : 0.0};
        for (Eigen::Index c = 1; c < d; ++c) sum += f64x2{x[c] * m(c, j), j + 1 < n ? x[c] * m(c, j + 1) : 0.0};
        finish(j, sum);
    }
}

Matrix product(const Matrix& a, const Matrix& b) {
    Matrix out(a.rows(), b.cols());
    const Eigen::Index n = b.cols();
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        Scalar* row = out.data() + i * n;
        row_times(a.data() + i * a.cols(), b, [&](Eigen::Index j, f64x2 pair) {
            if (j + 1 < n) simd::store(row + j, pair);
            else row[j] = pair[0];
        });
    }
    return out;
}

// Cross-attention: the source's tokens and vectors (its positions counted from its own start).
void resolve_source(const Scenario& s, Result& r) {
    if (!s.has_source) {
        r.key_tokens = r.tokens;
        return;
    }
    r.key_tokens = source_tokens(s.source);
    const int keys = static_cast<int>(r.key_tokens.size());
    r.source_x = s.source.embedding_source == EmbeddingSource::Explicit
                     ? s.source.embeddings
                     : seeded_embeddings(r.key_tokens, r.d_model, s.source.embedding_seed);
    if (s.positional == Positional::Sinusoidal) r.source_x += sinusoidal_encoding(keys, r.d_model);
}

// Head h reads the contiguous column block [h·d_k, (h+1)·d_k) of Q, K and V. One pass
// over the rows: query i's scores, logits, weights and output are made while its rows are
// in cache, and the finiteness checks ride along. At T = 512 this is what an edit waits for.
// Q has T rows and K, V have T_s (T_s = T unless a cross-attention source gives the keys).
// `kt` is scratch space (d_k×T_s), reused from head to head.
HeadResult compute_head(const Matrix& q_all, const Matrix& k_all, const Matrix& v_all, int h, int d_k,
                        Scalar logit_factor, const Matrix& mask, MaskKind mask_kind, Matrix& kt) {
    HeadResult head;
    head.q = q_all.middleCols(h * d_k, d_k);
    head.k = k_all.middleCols(h * d_k, d_k);
    head.v = v_all.middleCols(h * d_k, d_k);
    const Eigen::Index T = head.q.rows(), T_s = head.k.rows();
    kt = head.k.transpose(); // row_times streams the rows of Kᵀ
    head.scores.resize(T, T_s);
    head.logits.resize(T, T_s);
    head.weights.resize(T, T_s);
    head.output.resize(T, d_k);
    head.entropy.resize(T);
    // s − s is 0 for finite s and NaN for ±∞ and NaN. With a finite logit factor, a logit is
    // +∞ or NaN only if its row's maximum is +∞ (or the score is not finite).
    Scalar not_finite = 0, largest_logit = -kInfinity;
    const f64x2 minus_infinity = simd::splat(-kInfinity);
    const bool explicit_mask = mask_kind == MaskKind::Explicit; // else keys 0…last_key are seen
    for (Eigen::Index i = 0; i < T; ++i) {
        Scalar* s = head.scores.data() + i * T_s;
        Scalar* l = head.logits.data() + i * T_s;
        const Scalar* m = mask.data() + i * T_s;
        const Scalar last_key = mask_kind == MaskKind::Causal ? Scalar(i) : Scalar(T_s);
        f64x2 row_not_finite{}, row_max = minus_infinity, key = {0.0, 1.0};
        // s_ij = q_i·k_j, then masked_logits() for this row, its maximum and the checks.
        row_times(head.q.data() + i * d_k, kt, [&](Eigen::Index j, f64x2 score) {
            const auto may_attend = explicit_mask ? simd::f64x2{m[j], j + 1 < T_s ? m[j + 1] : 0.0} != 0 : key <= last_key;
            key += 2.0;
            const f64x2 logit = may_attend ? score * logit_factor : minus_infinity;
            if (j + 1 < T_s) {
                simd::store(s + j, score);
                simd::store(l + j, logit);
                row_not_finite += score - score;
                row_max = simd::max(row_max, logit);
            } else { // an odd last column: lane 1 is padding
                s[j] = score[0], l[j] = logit[0];
                row_not_finite[0] += score[0] - score[0];
                row_max[0] = std::max(row_max[0], logit[0]);
            }
        });
        not_finite += row_not_finite[0] + row_not_finite[1];
        const Scalar max = std::max(row_max[0], row_max[1]);
        largest_logit = std::max(largest_logit, max);
        Scalar* w = head.weights.data() + i * T_s;
        head.entropy(i) = softmax_row(l, max, w, T_s);
        weighted_sum_row(w, head.v, head.output.data() + i * d_k);
    }
    const bool overflowed = largest_logit == kInfinity ||
                            (!std::isfinite(logit_factor) && (head.logits.array() == kInfinity || head.logits.array().isNaN()).any());
    // Finite inputs can still overflow (embeddings of 1e300, τ = 1e-320). A result with ±∞ or
    // NaN where the maths has a number would be shown as if masked, so it is refused instead.
    // With finite scores and no +∞ or NaN logit, every weight is finite (softmax_row).
    if (!head.q.allFinite() || !head.k.allFinite() || !head.v.allFinite() || not_finite != 0)
        throw ScenarioError("embeddings", "values too large: Q·Kᵀ overflows to infinity");
    if (overflowed)
        throw ScenarioError("temperature", "too small for these scores: the logits overflow to infinity");
    if (!head.output.allFinite()) throw ScenarioError("embeddings", "values too large: the weighted sum overflows");
    return head;
}

} // namespace

Matrix attention_mask(const Scenario& s, int tokens, int keys) {
    if (keys < 0) keys = tokens;
    switch (s.mask) {
    case MaskKind::Causal: return Matrix::Ones(tokens, keys).triangularView<Eigen::Lower>();
    case MaskKind::Explicit: return s.mask_matrix;
    case MaskKind::None: break;
    }
    return Matrix::Ones(tokens, keys);
}

Matrix masked_logits(const Matrix& scores, Scalar factor, const Matrix& mask) {
    const Scalar minus_infinity = -std::numeric_limits<Scalar>::infinity();
    return (mask.array() != 0).select(scores * factor, minus_infinity);
}

std::shared_ptr<const Result> compute(const Scenario& s) {
    validate(s);
    auto r = std::make_shared<Result>();
    r->tokens = scenario_tokens(s);
    r->scenario = s;
    r->scenario.tokens = r->tokens;

    const int tokens = static_cast<int>(r->tokens.size());
    r->d_model = model_dim(s);
    r->heads = s.heads;
    r->d_k = r->d_model / r->heads;
    r->scale_factor = s.scale ? 1.0 / std::sqrt(Scalar(r->d_k)) : 1.0;

    r->embeddings = resolve_embeddings(s, r->tokens);
    r->positional = s.positional == Positional::Sinusoidal ? sinusoidal_encoding(tokens, r->d_model)
                                                           : Matrix::Zero(tokens, r->d_model);
    r->x = r->embeddings + r->positional;

    Projections w = resolve_projections(s, r->d_model);
    r->wq = std::move(w.wq);
    r->wk = std::move(w.wk);
    r->wv = std::move(w.wv);
    r->wo = std::move(w.wo);

    resolve_source(s, *r);
    const Matrix& keys_from = s.has_source ? r->source_x : r->x;
    r->mask = attention_mask(s, tokens, static_cast<int>(r->key_tokens.size()));

    const Matrix q_all = product(r->x, r->wq), k_all = product(keys_from, r->wk), v_all = product(keys_from, r->wv);

    const Scalar logit_factor = r->scale_factor / s.temperature;
    r->concat.resize(tokens, r->d_model);
    r->head.reserve(static_cast<std::size_t>(r->heads));
    Matrix kt;
    for (int h = 0; h < r->heads; ++h) {
        r->head.push_back(compute_head(q_all, k_all, v_all, h, r->d_k, logit_factor, r->mask, s.mask, kt));
        r->concat.middleCols(h * r->d_k, r->d_k) = r->head.back().output;
    }
    r->output = product(r->concat, r->wo);
    if (!r->output.allFinite()) throw ScenarioError("projections", "values too large: Concat·W_O overflows");
    return r;
}

} // namespace attn
