#include "scenario.h"
#include "error.h"
#include "tokenizer.h"
#include <cmath>
#include <string>
#include <utility>

namespace attn {

namespace {

std::string shape_of(const Matrix& m) {
    return std::to_string(m.rows()) + "×" + std::to_string(m.cols());
}

void require_shape(const Matrix& m, Eigen::Index rows, Eigen::Index cols, const std::string& field) {
    if (m.rows() != rows || m.cols() != cols)
        throw ScenarioError(field, "expected a " + std::to_string(rows) + "×" + std::to_string(cols) +
                                       " matrix, got " + shape_of(m));
}

// NaN or ±∞ in an input would spread through every product and softmax after it.
void require_finite(const Matrix& m, const std::string& field) {
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c)
            if (!std::isfinite(m(r, c)))
                throw ScenarioError(field + "[" + std::to_string(r) + "][" + std::to_string(c) + "]",
                                    "not a finite number");
}

void require_in_range(long long value, long long lo, long long hi, const std::string& field,
                      const std::string& limit_name) {
    if (value < lo)
        throw ScenarioError(field, "must be at least " + std::to_string(lo) + ", got " + std::to_string(value));
    if (value > hi)
        throw ScenarioError(field, std::to_string(value) + " exceeds the limit of " + std::to_string(hi) +
                                       " (" + limit_name + ")");
}

// Returns the token count. `prefix` names where the tokens are ("" or "source.").
int validate_tokens(const std::vector<std::string>& tokens, const std::string& text, Tokenizer tokenizer,
                    const std::string& prefix) {
    if (!text.empty()) {
        const auto count = static_cast<long long>(tokenize(text, tokenizer).size()); // checks UTF-8
        if (count == 0) throw ScenarioError(prefix + "text", "contains no tokens");
        require_in_range(count, 1, kMaxTokens, prefix + "text", "kMaxTokens tokens");
        return static_cast<int>(count);
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string field = prefix + "tokens[" + std::to_string(i) + "]";
        if (tokens[i].empty()) throw ScenarioError(field, "a token must not be empty");
        check_utf8(tokens[i], field);
        // Blank or control-character tokens draw as nothing and re-tokenize differently.
        if (tokens[i].find_first_not_of(" \t\r\n\f\v") == std::string::npos)
            throw ScenarioError(field, "a token must not be blank");
        for (unsigned char c : tokens[i])
            if (c < 0x20 || c == 0x7F) throw ScenarioError(field, "a token must not contain control characters");
    }
    require_in_range(static_cast<long long>(tokens.size()), 1, kMaxTokens, prefix + "tokens", "kMaxTokens tokens");
    return static_cast<int>(tokens.size());
}

// Returns T_s, the number of keys: the source's tokens, or the scenario's own.
int validate_source(const Scenario& s, int tokens, int d_model) {
    if (!s.has_source) return tokens;
    const Source& src = s.source;
    const int keys = validate_tokens(src.tokens, src.text, src.tokenizer, "source.");
    if (src.embedding_source == EmbeddingSource::Explicit) {
        require_shape(src.embeddings, keys, d_model, "source.embeddings");
        require_finite(src.embeddings, "source.embeddings");
    }
    if (s.mask == MaskKind::Causal)
        throw ScenarioError("mask", "\"causal\" is for self-attention; with a source give \"none\" or a T×T_s matrix");
    return keys;
}

} // namespace

int model_dim(const Scenario& s) {
    return s.embedding_source == EmbeddingSource::Explicit ? static_cast<int>(s.embeddings.cols())
                                                           : s.embedding_dim;
}

int token_count(const Scenario& s) { return static_cast<int>(scenario_tokens(s).size()); }

void validate(const Scenario& s) {
    const int tokens = validate_tokens(s.tokens, s.text, s.tokenizer, "");

    const std::string embedding_field = s.embedding_source == EmbeddingSource::Explicit ? "embeddings" : "embedding.dim";
    if (s.embedding_source == EmbeddingSource::Explicit) {
        if (s.embeddings.rows() != tokens)
            throw ScenarioError("embeddings", "expected " + std::to_string(tokens) + " rows (one per token), got " +
                                                  std::to_string(s.embeddings.rows()));
        require_finite(s.embeddings, "embeddings");
    }
    const int d_model = model_dim(s);
    require_in_range(d_model, 1, kMaxModelDim, embedding_field, "kMaxModelDim, d_model");

    require_in_range(s.heads, 1, kMaxHeads, "heads", "kMaxHeads");
    if (d_model % s.heads != 0)
        throw ScenarioError("heads", "d_model = " + std::to_string(d_model) + " is not divisible by " +
                                         std::to_string(s.heads) + " heads");

    if (s.projections == ProjectionKind::Explicit) {
        const std::pair<const Matrix*, const char*> projections[] = {
            {&s.wq, "projections.wq"}, {&s.wk, "projections.wk"}, {&s.wv, "projections.wv"}, {&s.wo, "projections.wo"}};
        for (const auto& [matrix, field] : projections) {
            require_shape(*matrix, d_model, d_model, field);
            require_finite(*matrix, field);
        }
    }

    const int keys = validate_source(s, tokens, d_model);

    if (!std::isfinite(s.temperature) || !(s.temperature > 0))
        throw ScenarioError("temperature", "must be a finite number > 0, got " + std::to_string(s.temperature));

    if (s.mask == MaskKind::Explicit) {
        require_shape(s.mask_matrix, tokens, keys, "mask");
        for (Eigen::Index r = 0; r < s.mask_matrix.rows(); ++r)
            for (Eigen::Index c = 0; c < s.mask_matrix.cols(); ++c)
                if (s.mask_matrix(r, c) != 0 && s.mask_matrix(r, c) != 1)
                    throw ScenarioError("mask[" + std::to_string(r) + "][" + std::to_string(c) + "]",
                                        "expected 0 or 1, got " + std::to_string(s.mask_matrix(r, c)));
    }
}

} // namespace attn
