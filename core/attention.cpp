// Scaled dot-product multi-head self-attention (Vaswani et al. 2017, eq. 1 and §3.2.2),
// in row-vector notation: Q = X·W_Q, scores = Q·Kᵀ, weights = softmax(scores·scale/τ),
// head output = weights·V; heads are concatenated and multiplied by W_O.
#include "attention.h"
#include "error.h"
#include "embeddings.h"
#include "positional.h"
#include "result.h"
#include "softmax.h"
#include "tokenizer.h"
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

// Head h reads the contiguous column block [h·d_k, (h+1)·d_k) of Q, K and V.
HeadResult compute_head(const Matrix& q_all, const Matrix& k_all, const Matrix& v_all, int h, int d_k,
                        Scalar logit_factor, const Matrix& mask) {
    HeadResult head;
    head.q = q_all.middleCols(h * d_k, d_k);
    head.k = k_all.middleCols(h * d_k, d_k);
    head.v = v_all.middleCols(h * d_k, d_k);
    head.scores.noalias() = head.q * head.k.transpose();
    head.logits = masked_logits(head.scores, logit_factor, mask);
    RowSoftmax softmax = softmax_rows(head.logits);
    head.weights = std::move(softmax.probabilities);
    head.entropy = std::move(softmax.entropy);
    head.output.noalias() = head.weights * head.v;
    return head;
}

// Finite inputs can still overflow (embeddings of 1e300, τ = 1e-320). A result with ±∞ or
// NaN where the maths has a number would be shown as if masked, so it is refused instead.
// −∞ logits are allowed: they are the mask.
void check_finite(const Result& r) {
    for (const HeadResult& h : r.head) {
        if (!h.q.allFinite() || !h.k.allFinite() || !h.v.allFinite() || !h.scores.allFinite())
            throw ScenarioError("embeddings", "values too large: Q·Kᵀ overflows to infinity");
        if ((h.logits.array() == std::numeric_limits<Scalar>::infinity()).any() || h.logits.hasNaN())
            throw ScenarioError("temperature", "too small for these scores: the logits overflow to infinity");
        if (!h.weights.allFinite() || !h.output.allFinite())
            throw ScenarioError("embeddings", "values too large: the weighted sum overflows");
    }
    if (!r.output.allFinite()) throw ScenarioError("projections", "values too large: Concat·W_O overflows");
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

    Matrix q_all, k_all, v_all;
    q_all.noalias() = r->x * r->wq;
    k_all.noalias() = keys_from * r->wk;
    v_all.noalias() = keys_from * r->wv;

    const Scalar logit_factor = r->scale_factor / s.temperature;
    r->concat.resize(tokens, r->d_model);
    r->head.reserve(static_cast<std::size_t>(r->heads));
    for (int h = 0; h < r->heads; ++h) {
        r->head.push_back(compute_head(q_all, k_all, v_all, h, r->d_k, logit_factor, r->mask));
        r->concat.middleCols(h * r->d_k, r->d_k) = r->head.back().output;
    }
    r->output.noalias() = r->concat * r->wo;
    check_finite(*r);
    return r;
}

} // namespace attn
