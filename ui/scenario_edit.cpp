#include "scenario_edit.h"
#include "i18n.h"
#include "core/embeddings.h"
#include "core/error.h"
#include "core/tokenizer.h"
#include <algorithm>

namespace attn::ui {

std::vector<std::string> current_tokens(const attn::Scenario& s) {
    return s.text.empty() ? s.tokens : attn::tokenize(s.text, s.tokenizer);
}

std::vector<int> match_tokens(const std::vector<std::string>& before, const std::vector<std::string>& after) {
    std::vector<int> origin(after.size(), -1);
    std::vector<bool> used(before.size(), false);
    for (size_t k = 0; k < after.size(); ++k) {
        for (size_t o = 0; o < before.size(); ++o) {
            if (!used[o] && before[o] == after[k]) {
                used[o] = true;
                origin[k] = static_cast<int>(o);
                break;
            }
        }
    }
    return origin;
}

void replace_tokens(attn::Scenario& s, const std::vector<std::string>& tokens, const std::vector<int>& origin) {
    const int n = static_cast<int>(tokens.size());
    if (s.embedding_source == attn::EmbeddingSource::Explicit) {
        const int d = static_cast<int>(s.embeddings.cols());
        attn::Matrix rows(n, d);
        for (int k = 0; k < n; ++k)
            rows.row(k) = origin[k] >= 0 && origin[k] < s.embeddings.rows() ? attn::Vector(s.embeddings.row(origin[k]))
                                                                            : attn::seeded_embedding(tokens[k], d, s.embedding_seed);
        s.embeddings = rows;
    }
    if (s.mask == attn::MaskKind::Explicit) {
        // Cross-attention: the columns are the source's tokens, which stay as they are.
        const int keys = s.has_source ? static_cast<int>(s.mask_matrix.cols()) : n;
        attn::Matrix m = attn::Matrix::Ones(n, keys);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < keys; ++j) {
                const int from_col = s.has_source ? j : origin[j];
                if (origin[i] >= 0 && from_col >= 0 && origin[i] < s.mask_matrix.rows() && from_col < s.mask_matrix.cols())
                    m(i, j) = s.mask_matrix(origin[i], from_col);
            }
        s.mask_matrix = m;
    }
    s.tokens = tokens;
    s.text.clear(); // the token list is now the source of truth
}

void retokenize(attn::Scenario& s, const std::string& text, attn::Tokenizer t) {
    const std::vector<std::string> before = current_tokens(s);
    const std::vector<std::string> after = attn::tokenize(text, t); // throws on invalid UTF-8
    // Refused before any T×T matrix is built for it; the text stays in the field.
    if (static_cast<int>(after.size()) > attn::kMaxTokens)
        throw attn::ScenarioError("text", tr("en", "error.too_many_tokens", // English, like the core's (error_text.h)
                                              {{"n", std::to_string(after.size())}, {"max", std::to_string(attn::kMaxTokens)}}));
    replace_tokens(s, after, match_tokens(before, after));
    s.text = text;
    s.tokenizer = t;
}

namespace {
std::vector<int> identity_origin(int n) {
    std::vector<int> o(n);
    for (int i = 0; i < n; ++i) o[i] = i;
    return o;
}
} // namespace

void move_token(attn::Scenario& s, int from, int to) {
    std::vector<std::string> t = current_tokens(s);
    const int n = static_cast<int>(t.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return;
    std::vector<int> origin = identity_origin(n);
    const int moved = origin[from];
    origin.erase(origin.begin() + from);
    origin.insert(origin.begin() + to, moved);
    std::vector<std::string> reordered;
    for (int o : origin) reordered.push_back(t[o]);
    replace_tokens(s, reordered, origin);
}

void delete_token(attn::Scenario& s, int i) {
    std::vector<std::string> t = current_tokens(s);
    if (i < 0 || i >= static_cast<int>(t.size())) return;
    std::vector<int> origin = identity_origin(static_cast<int>(t.size()));
    t.erase(t.begin() + i);
    origin.erase(origin.begin() + i);
    replace_tokens(s, t, origin);
}

void insert_token(attn::Scenario& s, int at, const std::string& token) {
    std::vector<std::string> t = current_tokens(s);
    if (static_cast<int>(t.size()) >= attn::kMaxTokens) return; // the UI disables “+ token” there
    at = std::clamp(at, 0, static_cast<int>(t.size()));
    std::vector<int> origin = identity_origin(static_cast<int>(t.size()));
    t.insert(t.begin() + at, token);
    origin.insert(origin.begin() + at, -1);
    replace_tokens(s, t, origin);
}

void rename_token(attn::Scenario& s, int i, const std::string& token) {
    std::vector<std::string> t = current_tokens(s);
    if (i < 0 || i >= static_cast<int>(t.size()) || t[i] == token) return;
    std::vector<int> origin = identity_origin(static_cast<int>(t.size()));
    t[i] = token;
    origin[i] = -1; // a renamed token is a different token: it gets its own vector
    replace_tokens(s, t, origin);
}

std::vector<int> head_counts_for(int d_model) {
    std::vector<int> counts;
    for (int h = 1; h <= std::min(d_model, attn::kMaxHeads); ++h)
        if (d_model % h == 0) counts.push_back(h);
    return counts;
}

void set_heads(attn::Scenario& s, int heads) { s.heads = std::clamp(heads, 1, attn::kMaxHeads); }

void set_model_dim(attn::Scenario& s, int d) {
    d = std::clamp(d, 1, attn::kMaxModelDim);
    // New rows and columns of an explicit projection start as the identity's.
    auto resize_square = [d](attn::Matrix& m) {
        attn::Matrix r = attn::Matrix::Identity(d, d);
        const int keep = std::min<int>(d, static_cast<int>(m.rows()));
        r.topLeftCorner(keep, keep) = m.topLeftCorner(keep, keep);
        m = r;
    };
    if (s.embedding_source == attn::EmbeddingSource::Explicit) {
        attn::Matrix e = attn::Matrix::Zero(s.embeddings.rows(), d);
        const int keep = std::min<int>(d, static_cast<int>(s.embeddings.cols()));
        e.leftCols(keep) = s.embeddings.leftCols(keep);
        s.embeddings = e;
    }
    s.embedding_dim = d;
    if (s.projections == attn::ProjectionKind::Explicit) {
        resize_square(s.wq);
        resize_square(s.wk);
        resize_square(s.wv);
        resize_square(s.wo);
    }
    // Keep the largest head count that still divides d_model.
    const std::vector<int> ok = head_counts_for(d);
    int h = 1;
    for (int c : ok)
        if (c <= s.heads) h = c;
    s.heads = h;
}

void set_embedding_cell(attn::Scenario& s, const attn::Matrix& current, int row, int col, double v) {
    if (s.embedding_source != attn::EmbeddingSource::Explicit) {
        // Editing a seeded vector turns the seeded vectors into explicit ones, unchanged but for this cell.
        s.embeddings = current;
        s.embedding_source = attn::EmbeddingSource::Explicit;
    }
    if (row >= 0 && row < s.embeddings.rows() && col >= 0 && col < s.embeddings.cols()) s.embeddings(row, col) = v;
}

void toggle_mask_cell(attn::Scenario& s, int i, int j) {
    const int n = static_cast<int>(current_tokens(s).size());
    const int keys = s.has_source ? static_cast<int>(attn::source_tokens(s.source).size()) : n;
    if (s.mask != attn::MaskKind::Explicit) {
        attn::Matrix m = attn::Matrix::Ones(n, keys);
        if (s.mask == attn::MaskKind::Causal)
            for (int r = 0; r < n; ++r)
                for (int c = r + 1; c < n; ++c) m(r, c) = 0.0;
        s.mask_matrix = m;
        s.mask = attn::MaskKind::Explicit;
    }
    if (i >= 0 && i < s.mask_matrix.rows() && j >= 0 && j < s.mask_matrix.cols())
        s.mask_matrix(i, j) = s.mask_matrix(i, j) != 0.0 ? 0.0 : 1.0;
}

} // namespace attn::ui
