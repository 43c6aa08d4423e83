#include "model_result.h"
#include "model_error.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace attn::model {

namespace {

// Rows [first_row, first_row + rows) × columns [first_col, first_col + cols) of a
// row-major float matrix `stride` wide, as doubles.
Matrix block(const float* data, std::ptrdiff_t stride, int rows, int cols, int first_row = 0, int first_col = 0) {
    Matrix m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) m(r, c) = data[(first_row + r) * stride + first_col + c];
    return m;
}

// Rows [row0, rows) × columns [col0, cols) of a·b, each entry summed over k in the same
// order whatever the block (no FMA in this file's flags either): a Result built on a
// previous one equals one built from scratch, bit for bit.
void product_block(const Matrix& a, const Matrix& b, Matrix& out, int row0, int rows, int col0, int cols) {
    if (cols <= col0) return;
    for (int i = row0; i < rows; ++i) {
        auto row = out.row(i).segment(col0, cols - col0);
        row.setZero();
        for (int k = 0; k < a.cols(); ++k) row += a(i, k) * b.row(k).segment(col0, cols - col0);
    }
}

const Result kNoPrevious{};

} // namespace

std::shared_ptr<const Result> head_result(const Gpt2Model& model, const Gpt2Run& run, int layer, int head,
                                          const std::vector<std::string>& tokens) {
    return head_result(model, run, layer, head, tokens, kNoPrevious, 0);
}

std::shared_ptr<const Result> head_result(const Gpt2Model& model, const Gpt2Run& run, int layer, int head,
                                          const std::vector<std::string>& tokens, const Result& previous, int kept) {
    const Gpt2Config& c = model.config;
    if (layer < 0 || layer >= c.n_layer || head < 0 || head >= c.n_head)
        throw ModelError("input", "layer " + std::to_string(layer) + ", head " + std::to_string(head) + " is outside the model (" +
                                      std::to_string(c.n_layer) + " layers × " + std::to_string(c.n_head) + " heads)");
    const int T = run.length(), e = c.n_embd, d = c.head_dim();
    if (T == 0) throw ModelError("input", "no tokens");
    const Gpt2Block& b = model.blocks[static_cast<size_t>(layer)];
    const double scale = c.scale_attn_weights ? 1.0 / std::sqrt(static_cast<double>(d)) : 1.0;

    auto r = std::make_shared<Result>();
    r->tokens = tokens;
    r->tokens.resize(static_cast<size_t>(T)); // labels for every position even if the caller gave fewer
    for (int i = 0; i < T; ++i)
        if (r->tokens[static_cast<size_t>(i)].empty()) r->tokens[static_cast<size_t>(i)] = "#" + std::to_string(run.ids()[static_cast<size_t>(i)]);
    r->key_tokens = r->tokens;
    r->d_model = e, r->heads = 1, r->d_k = d;
    r->scale_factor = scale;
    r->x = block(run.layer_input(layer), e, T, e);
    r->embeddings = r->x;
    r->positional = Matrix::Zero(T, e);
    r->wq = block(b.c_attn_weight.data(), 3 * e, e, d, 0, head * d);
    r->wk = block(b.c_attn_weight.data(), 3 * e, e, d, 0, e + head * d);
    r->wv = block(b.c_attn_weight.data(), 3 * e, e, d, 0, 2 * e + head * d);
    r->wo = block(b.attn_proj_weight.data(), e, d, e, head * d, 0);
    r->mask = Matrix::Ones(T, T).triangularView<Eigen::Lower>();

    // The scenario says what the panels' settings would: tokens as given, causal, scaled.
    Scenario& s = r->scenario;
    s.tokens = r->tokens;
    s.embedding_source = EmbeddingSource::Explicit;
    s.embeddings = r->x;
    s.embedding_dim = e;
    s.heads = 1;
    s.projections = ProjectionKind::Explicit;
    s.scale = c.scale_attn_weights;
    s.mask = MaskKind::Causal;

    // What `previous` computed for the first `kept` tokens, if it is this head's.
    // (The same weights say it is: a check of O(n_embd·d_head), next to the O(T²·d_head) it saves.)
    const HeadResult* before = previous.head.size() == 1 && previous.wq == r->wq && previous.wk == r->wk &&
                                       previous.wv == r->wv && previous.wo == r->wo
                                   ? &previous.head[0]
                                   : nullptr;
    if (!before) kept = 0;
    kept = std::clamp(kept, 0, std::min(T, before ? static_cast<int>(before->scores.rows()) : 0));

    HeadResult h;
    const float* qkv = run.qkv(layer);
    h.q = block(qkv, 3 * e, T, d, 0, head * d);
    h.k = block(qkv, 3 * e, T, d, 0, e + head * d);
    h.v = block(qkv, 3 * e, T, d, 0, 2 * e + head * d);
    // The masked half too, as the toy core shows it.
    h.scores.resize(T, T);
    if (kept > 0) h.scores.topLeftCorner(kept, kept) = before->scores.topLeftCorner(kept, kept);
    const Matrix k_transposed = h.k.transpose();
    product_block(h.q, k_transposed, h.scores, 0, kept, kept, T); // kept queries, new keys
    product_block(h.q, k_transposed, h.scores, kept, T, 0, T);    // new queries
    h.logits.resize(T, T);
    h.weights = Matrix::Zero(T, T);
    h.entropy.resize(T);
    if (kept > 0) h.entropy.head(kept) = before->entropy.head(kept);
    const double minus_infinity = -std::numeric_limits<double>::infinity();
    for (int i = 0; i < T; ++i) {
        // The run's own float32 weights: what the model computed, not a double recompute.
        const float* w = run.weights_row(layer, head, i);
        double entropy = 0;
        for (int j = 0; j < T; ++j) {
            h.logits(i, j) = j <= i ? h.scores(i, j) * scale : minus_infinity;
            if (j <= i) {
                h.weights(i, j) = w[j];
                if (i >= kept && w[j] > 0) entropy -= w[j] * std::log(static_cast<double>(w[j]));
            }
        }
        if (i >= kept) h.entropy(i) = entropy;
    }
    h.output = block(run.head_outputs(layer), e, T, d, 0, head * d);
    r->concat = h.output;
    r->output.resize(T, e);
    if (kept > 0) r->output.topRows(kept) = previous.output.topRows(kept);
    product_block(r->concat, r->wo, r->output, kept, T, 0, e);
    r->head.push_back(std::move(h));
    return r;
}

std::vector<NextToken> top_next_tokens(const std::vector<float>& logits, int k) {
    if (logits.empty() || k <= 0) return {};
    // Subtracting the maximum keeps exp() from overflowing; the ratios are unchanged.
    const double max = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (float z : logits) sum += std::exp(static_cast<double>(z) - max);
    std::vector<int> order(logits.size());
    std::iota(order.begin(), order.end(), 0);
    const size_t n = std::min(static_cast<size_t>(k), order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(), [&](int a, int b) {
        const float za = logits[static_cast<size_t>(a)], zb = logits[static_cast<size_t>(b)];
        return za > zb || (za == zb && a < b);
    });
    std::vector<NextToken> out;
    for (size_t r = 0; r < n; ++r)
        out.push_back({order[r], std::exp(static_cast<double>(logits[static_cast<size_t>(order[r])]) - max) / sum});
    return out;
}

} // namespace attn::model
