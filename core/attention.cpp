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
#include <utility>

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

// out_rj = Σ_c x_rc·m_cj for R consecutive rows x_r of a row-major matrix with m.rows()
// columns (R rows times a matrix), each sum over c in order; eight j at a time are kept in
// registers while the rows of m stream past, loaded once for all R rows. Eigen's own
// product has no WebAssembly SIMD path (docs TOOLCHAIN.md) and took a fifth of an edit
// there. Each pair of results goes to finish(r, j, pair, both) while still in registers;
// both = false for an odd last j, whose second lane is 0 (a constant true inside the
// eight-column blocks, so finish's check for it compiles away).
template <int R, class Finish> void rows_times(const Scalar* x, const Matrix& m, Finish&& finish) {
    const Eigen::Index n = m.cols(), d = m.rows();
    Eigen::Index j = 0;
    for (; j + 8 <= n; j += 8) {
        const Scalar* row = m.data() + j;
        f64x2 acc[R][4];
        for (int r = 0; r < R; ++r)
            for (int k = 0; k < 4; ++k) acc[r][k] = x[r * d] * simd::load(row + 2 * k);
        for (Eigen::Index c = 1; c < d; ++c) {
            row += n;
            const f64x2 m_c[4] = {simd::load(row), simd::load(row + 2), simd::load(row + 4), simd::load(row + 6)};
            for (int r = 0; r < R; ++r) {
                const f64x2 x_rc = simd::splat(x[r * d + c]);
                for (int k = 0; k < 4; ++k) acc[r][k] += x_rc * m_c[k];
            }
        }
        for (int r = 0; r < R; ++r)
            for (int k = 0; k < 4; ++k) finish(r, j + 2 * k, acc[r][k], true);
    }
    for (; j < n; j += 2)
        for (int r = 0; r < R; ++r) {
            const Scalar* x_r = x + r * d;
            f64x2 sum = {x_r[0] * m(0, j), j + 1 < n ? x_r[0] * m(0, j + 1) : 0.0};
            for (Eigen::Index c = 1; c < d; ++c) sum += f64x2{x_r[c] * m(c, j), j + 1 < n ? x_r[c] * m(c, j + 1) : 0.0};
            finish(r, j, sum, j + 1 < n);
        }
}

Matrix product(const Matrix& a, const Matrix& b) {
    Matrix out(a.rows(), b.cols());
    const Eigen::Index n = b.cols(), rows = a.rows();
    const auto store_into = [&](Eigen::Index i) {
        return [&out, n, i](int r, Eigen::Index j, f64x2 pair, bool both) {
            Scalar* row = out.data() + (i + r) * n;
            if (both) simd::store(row + j, pair);
            else row[j] = pair[0];
        };
    };
    Eigen::Index i = 0;
    for (; i + 2 <= rows; i += 2) rows_times<2>(a.data() + i * a.cols(), b, store_into(i));
    for (; i < rows; ++i) rows_times<1>(a.data() + i * a.cols(), b, store_into(i));
    return out;
}

// out_rc = Σ_j w_rj·v_jc (R rows of weights times V, d_k columns), each sum over j in
// order; eight columns at a time are kept in registers while the weights stream past.
// The weights arrive as softmax's exponentials, w_rj = e_rj · inverse_r, and are stored
// back divided on the first pass over them: one pass over the T×T_s weights, not two.
template <int R> [[gnu::noinline]] void weighted_sum_rows(Scalar* w, Eigen::Index w_stride, const Scalar* inverse, const Matrix& v,
                                        Scalar* out) {
    const Eigen::Index T = v.rows(), d = v.cols();
    const auto divide = [&](int r, Eigen::Index j) { return w[r * w_stride + j] *= inverse[r]; };
    Eigen::Index c = 0;
    for (; c + 8 <= d; c += 8) {
        f64x2 acc[R][4] = {};
        for (Eigen::Index j = 0; j < T; ++j) {
            const Scalar* row = v.data() + j * d + c;
            const f64x2 v_j[4] = {simd::load(row), simd::load(row + 2), simd::load(row + 4), simd::load(row + 6)};
            for (int r = 0; r < R; ++r) {
                const f64x2 w_rj = simd::splat(c == 0 ? divide(r, j) : w[r * w_stride + j]);
                for (int k = 0; k < 4; ++k) acc[r][k] += w_rj * v_j[k];
            }
        }
        for (int r = 0; r < R; ++r)
            for (int k = 0; k < 4; ++k) simd::store(out + r * d + c + 2 * k, acc[r][k]);
    }
    if (c == 0) // d < 8: not divided yet
        for (int r = 0; r < R; ++r)
            for (Eigen::Index j = 0; j < T; ++j) divide(r, j);
    for (; c < d; ++c)
        for (int r = 0; r < R; ++r) {
            Scalar sum = 0;
            for (Eigen::Index j = 0; j < T; ++j) sum += w[r * w_stride + j] * v(j, c);
            out[r * d + c] = sum;
        }
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

// Scores and logits for R query rows from i: s_ij = q_i·k_j, then masked_logits() for
// these rows, and each row's largest and smallest logit (for the softmax).
template <MaskKind kMask, int R> struct ScoreRows {
    Scalar* scores;
    Scalar* logits;
    const Scalar* mask; // T×T_s from row i, for an explicit mask
    Eigen::Index i, T_s;
    Scalar logit_factor;
    f64x2 max[R], min[R];

    void operator()(int r, Eigen::Index j, f64x2 score, bool both) {
        const Eigen::Index at = r * T_s + j;
        f64x2 logit = score * logit_factor;
        if (kMask == MaskKind::Explicit) {
            const auto may_attend = f64x2{mask[at], both ? mask[at + 1] : 0.0} != 0;
            logit = may_attend ? logit : simd::splat(-kInfinity);
        } else if (kMask == MaskKind::Causal) { // keys 0…i+r are seen
            const auto may_attend = f64x2{Scalar(j), Scalar(j + 1)} <= Scalar(i + r);
            logit = may_attend ? logit : simd::splat(-kInfinity);
        }
        if (both) {
            simd::store(scores + at, score);
            simd::store(logits + at, logit);
            max[r] = simd::max(max[r], logit);
            min[r] = simd::min(min[r], logit);
        } else { // an odd last column: lane 1 is padding
            scores[at] = score[0], logits[at] = logit[0];
            max[r][0] = std::max(max[r][0], logit[0]);
            min[r][0] = std::min(min[r][0], logit[0]);
        }
    }
};

// Its own function, as are attend_rows and weighted_sum_rows: V8 allocated registers for
// them well apart, and spilled in the inner loops when all were inlined into one.
template <MaskKind kMask, int R> [[gnu::noinline]] ScoreRows<kMask, R> score_rows(ScoreRows<kMask, R> rows, const Scalar* q,
                                                                                 const Matrix& kt) {
    rows_times<R>(q, kt, rows);
    return rows;
}

// Query rows i … i+R−1 of one head, start to finish while their rows are in cache: scores,
// logits, softmax, weighted sum. Returns the largest logit.
template <MaskKind kMask, int R>
[[gnu::noinline]] Scalar attend_rows(HeadResult& head, Eigen::Index i, const Matrix& kt, Scalar logit_factor,
                                    const Matrix& mask) {
    const Eigen::Index T_s = kt.cols(), d_k = kt.rows();
    ScoreRows<kMask, R> rows{head.scores.data() + i * T_s,
                             head.logits.data() + i * T_s,
                             kMask == MaskKind::Explicit ? mask.data() + i * T_s : nullptr,
                             i,
                             T_s,
                             logit_factor,
                             {},
                             {}};
    for (int r = 0; r < R; ++r) rows.max[r] = simd::splat(-kInfinity), rows.min[r] = simd::splat(kInfinity);
    rows = score_rows(rows, head.q.data() + i * d_k, kt);
    Scalar largest = -kInfinity, inverse[R];
    for (int r = 0; r < R; ++r) {
        const Scalar max = std::max(rows.max[r][0], rows.max[r][1]), min = std::min(rows.min[r][0], rows.min[r][1]);
        largest = std::max(largest, max);
        const Eigen::Index at = (i + r) * T_s;
        const RowExponentials e = row_exponentials(rows.logits + r * T_s, max, min, head.weights.data() + at, T_s);
        inverse[r] = softmax_inverse_sum(e);
        head.entropy(i + r) = softmax_entropy(e);
    }
    weighted_sum_rows<R>(head.weights.data() + i * T_s, T_s, inverse, head.v, head.output.data() + i * d_k);
    return largest;
}

// Head h reads the contiguous column block [h·d_k, (h+1)·d_k) of Q, K and V, and goes
// through the queries two at a time (attend_rows). At T = 512 this is what an edit waits
// for. Q has T rows and K, V have T_s (T_s = T unless a cross-attention source gives the
// keys). `kt` is scratch space (d_k×T_s), reused from head to head.
template <MaskKind kMask>
HeadResult compute_head(const Matrix& q_all, const Matrix& k_all, const Matrix& v_all, int h, int d_k,
                        Scalar logit_factor, const Matrix& mask, Matrix& kt) {
    HeadResult head;
    head.q = q_all.middleCols(h * d_k, d_k);
    head.k = k_all.middleCols(h * d_k, d_k);
    head.v = v_all.middleCols(h * d_k, d_k);
    const Eigen::Index T = head.q.rows(), T_s = head.k.rows();
    kt = head.k.transpose(); // rows_times streams the rows of Kᵀ
    head.scores.resize(T, T_s);
    head.logits.resize(T, T_s);
    head.weights.resize(T, T_s);
    head.output.resize(T, d_k);
    head.entropy.resize(T);
    // With a finite logit factor, a logit is +∞ or NaN only if its row's maximum is +∞ (or
    // the score is not finite).
    Scalar largest_logit = -kInfinity;
    Eigen::Index i = 0;
    for (; i + 2 <= T; i += 2) largest_logit = std::max(largest_logit, attend_rows<kMask, 2>(head, i, kt, logit_factor, mask));
    for (; i < T; ++i) largest_logit = std::max(largest_logit, attend_rows<kMask, 1>(head, i, kt, logit_factor, mask));
    // |q_i·k_j| ≤ d_k·max|q|·max|k| bounds every partial sum too (to within rounding), so
    // below 1e300 no score can be ±∞ or NaN and the T×T_s check is skipped.
    const Scalar score_bound = T * T_s == 0 ? 0.0 : d_k * head.q.cwiseAbs().maxCoeff() * head.k.cwiseAbs().maxCoeff();
    const bool not_finite = !(score_bound <= 1e300) && !head.scores.allFinite();
    const bool overflowed = largest_logit == kInfinity ||
                            (!std::isfinite(logit_factor) && (head.logits.array() == kInfinity || head.logits.array().isNaN()).any());
    // Finite inputs can still overflow (embeddings of 1e300, τ = 1e-320). A result with ±∞ or
    // NaN where the maths has a number would be shown as if masked, so it is refused instead.
    // With finite scores and no +∞ or NaN logit, every weight is finite (softmax_row).
    if (!head.q.allFinite() || !head.k.allFinite() || !head.v.allFinite() || not_finite)
        throw ScenarioError("embeddings", "values too large: Q·Kᵀ overflows to infinity");
    if (overflowed)
        throw ScenarioError("temperature", "too small for these scores: the logits overflow to infinity");
    if (!head.output.allFinite()) throw ScenarioError("embeddings", "values too large: the weighted sum overflows");
    return head;
}

HeadResult compute_head(const Matrix& q_all, const Matrix& k_all, const Matrix& v_all, int h, int d_k,
                        Scalar logit_factor, const Matrix& mask, MaskKind mask_kind, Matrix& kt) {
    switch (mask_kind) {
    case MaskKind::Causal: return compute_head<MaskKind::Causal>(q_all, k_all, v_all, h, d_k, logit_factor, mask, kt);
    case MaskKind::Explicit: return compute_head<MaskKind::Explicit>(q_all, k_all, v_all, h, d_k, logit_factor, mask, kt);
    case MaskKind::None: break;
    }
    return compute_head<MaskKind::None>(q_all, k_all, v_all, h, d_k, logit_factor, mask, kt);
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
