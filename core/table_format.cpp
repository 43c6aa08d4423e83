#include "table_format.h"
#include "utf8.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attn {

std::string format_fixed(Scalar x, int decimals) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
    std::string s = buffer;
    if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
    return s;
}

namespace {

std::string pad_left(const std::string& s, int width) {
    return std::string(static_cast<std::size_t>(std::max(0, width - display_width(s))), ' ') + s;
}

std::string pad_right(const std::string& s, int width) {
    return s + std::string(static_cast<std::size_t>(std::max(0, width - display_width(s))), ' ');
}

std::vector<std::string> dimension_labels(Eigen::Index count, Eigen::Index first) {
    std::vector<std::string> labels;
    for (Eigen::Index i = 0; i < count; ++i) labels.push_back("d" + std::to_string(first + i));
    return labels;
}

} // namespace

std::string format_matrix(const std::string& title, const Matrix& m, const std::vector<std::string>& row_labels,
                          const std::vector<std::string>& col_labels, int decimals) {
    std::vector<std::vector<std::string>> cells(static_cast<std::size_t>(m.rows()));
    int label_width = 0;
    std::vector<int> col_width(static_cast<std::size_t>(m.cols()), 0);
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        label_width = std::max(label_width, display_width(row_labels[std::size_t(r)]));
        for (Eigen::Index c = 0; c < m.cols(); ++c) {
            cells[std::size_t(r)].push_back(format_fixed(m(r, c), decimals));
            col_width[std::size_t(c)] = std::max(col_width[std::size_t(c)], display_width(cells[std::size_t(r)].back()));
        }
    }
    for (Eigen::Index c = 0; c < m.cols(); ++c)
        col_width[std::size_t(c)] = std::max(col_width[std::size_t(c)], display_width(col_labels[std::size_t(c)]));

    std::string out = title + "\n" + pad_right("", label_width);
    for (Eigen::Index c = 0; c < m.cols(); ++c) out += "  " + pad_left(col_labels[std::size_t(c)], col_width[std::size_t(c)]);
    out += "\n";
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        out += pad_right(row_labels[std::size_t(r)], label_width);
        for (Eigen::Index c = 0; c < m.cols(); ++c)
            out += "  " + pad_left(cells[std::size_t(r)][std::size_t(c)], col_width[std::size_t(c)]);
        out += "\n";
    }
    return out + "\n";
}

std::string format_result_table(const Result& r, int decimals) {
    const std::vector<std::string>& tokens = r.tokens;
    std::string out = "T = " + std::to_string(tokens.size()) + ", d_model = " + std::to_string(r.d_model) +
                      ", heads = " + std::to_string(r.heads) + ", d_k = " + std::to_string(r.d_k) +
                      ", scale = " + format_fixed(r.scale_factor, decimals) +
                      ", temperature = " + format_fixed(r.scenario.temperature, decimals) + "\n\n";
    const std::vector<std::string>& keys = r.key_tokens; // the source's tokens in cross-attention
    out += format_matrix("X (embeddings + positional)", r.x, tokens, dimension_labels(r.d_model, 0), decimals);
    if (r.scenario.has_source)
        out += format_matrix("S (source: keys and values come from it)", r.source_x, keys, dimension_labels(r.d_model, 0),
                             decimals);
    for (std::size_t h = 0; h < r.head.size(); ++h) {
        const HeadResult& head = r.head[h];
        const std::string prefix = "Head " + std::to_string(h + 1) + " ";
        const auto head_dims = dimension_labels(r.d_k, Eigen::Index(h) * r.d_k);
        out += format_matrix(prefix + "Q", head.q, tokens, head_dims, decimals);
        out += format_matrix(prefix + "K", head.k, keys, head_dims, decimals);
        out += format_matrix(prefix + "V", head.v, keys, head_dims, decimals);
        out += format_matrix(prefix + "Scores QKᵀ (row: query, column: key)", head.scores, tokens, keys, decimals);
        out += format_matrix(prefix + "Logits (scores · scale / temperature, masked = -inf)", head.logits, tokens,
                             keys, decimals);
        out += format_matrix(prefix + "Weights (softmax)", head.weights, tokens, keys, decimals);
        out += format_matrix(prefix + "Head output (weights · V)", head.output, tokens, head_dims, decimals);
    }
    out += format_matrix("Concat [head_1 … head_h]", r.concat, tokens, dimension_labels(r.d_model, 0), decimals);
    out += format_matrix("Output (concat · W_O)", r.output, tokens, dimension_labels(r.d_model, 0), decimals);
    return out;
}

} // namespace attn
