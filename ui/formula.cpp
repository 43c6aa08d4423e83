#include "formula.h"
#include "i18n.h"
#include "core/table_format.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace attn::ui {

namespace {

// Beyond this many terms a sum is shown by its symbol and total, so tooltips stay readable.
constexpr int kMaxTermsShown = 6;

const char* const kSubDigits[10] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
const char* const kSupDigits[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

std::string digits(int n, const char* const table[10]) {
    std::string out;
    const std::string plain = std::to_string(n);
    for (char c : plain) out += table[c - '0'];
    return out;
}

// e raised to a logit: "e²" for small integers (as textbooks write it), else "e^1.155".
std::string exp_term(double logit) {
    const double rounded = std::round(logit);
    if (std::abs(logit - rounded) < 1e-9 && std::abs(rounded) < 100) {
        const int n = static_cast<int>(rounded);
        return std::string("e") + (n < 0 ? "⁻" : "") + digits(std::abs(n), kSupDigits);
    }
    return "e^" + format_number(logit);
}

bool masked(const attn::Result& r, int i, int j) { return r.mask(i, j) == 0.0; }

size_t code_points(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// "… = value", with the value on a line of its own when the formula is long, so that a
// tooltip never wraps in the middle of a number.
std::string equals(const std::string& formula, const std::string& value) {
    return formula + (code_points(formula) > 60 ? "\n   = " : " = ") + value;
}
std::string equals(const std::string& formula, double value) { return equals(formula, format_number(value)); }

// A weight in a long text is mostly below 0.001 (1/1024 is the average at a model's whole
// context): three decimals would read "0.000" on almost every cell. Below 0.01, two
// significant digits.
std::string format_weight(double w) {
    if (!(w > 0.0) || w >= 0.01) return format_number(w);
    return format_number(w, std::min(9, 1 - static_cast<int>(std::floor(std::log10(w)))));
}

} // namespace

std::string format_number(double v, int decimals) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v < 0 ? "−∞" : "∞";
    std::string s = attn::format_fixed(v, decimals);
    if (s[0] == '-') s.replace(0, 1, "−"); // the typographic minus, as in the formulas
    return s;
}

std::string subscript(int n) { return digits(n, kSubDigits); }

std::string index_pair(int i, int j) {
    return (i > 9 || j > 9) ? subscript(i) + "," + subscript(j) : subscript(i) + subscript(j);
}

std::string projection_formula(const attn::Result& r, char which, int head, int i, int c) {
    const attn::HeadResult& h = r.head[head];
    const attn::Matrix& w = which == 'q' ? r.wq : which == 'k' ? r.wk : r.wv;
    const attn::Matrix& out = which == 'q' ? h.q : which == 'k' ? h.k : h.v;
    const bool from_source = which != 'q' && r.scenario.has_source; // cross-attention: K = S·W_K, V = S·W_V
    const attn::Matrix& in = from_source ? r.source_x : r.x;
    const int col = head * r.d_k + c;
    const std::string W = which == 'q' ? "W_Q" : which == 'k' ? "W_K" : "W_V";
    std::string s = std::string(1, which) + index_pair(i + 1, c + 1) + " = " + (from_source ? "s" : "x") + subscript(i + 1) + "·" + W + "[:, " +
                    std::to_string(col + 1) + "]";
    if (r.d_model <= kMaxTermsShown) {
        s += " = ";
        for (int m = 0; m < r.d_model; ++m) {
            if (m) s += " + ";
            s += format_number(in(i, m)) + "·" + format_number(w(m, col));
        }
    }
    return equals(s, out(i, c));
}

std::string score_formula(const attn::Result& r, int head, int i, int j) {
    const attn::HeadResult& h = r.head[head];
    std::string s = "s" + index_pair(i + 1, j + 1) + " = q" + subscript(i + 1) + "·k" + subscript(j + 1);
    if (h.q.cols() <= kMaxTermsShown) {
        s += " = ";
        for (int c = 0; c < h.q.cols(); ++c) {
            if (c) s += " + ";
            s += format_number(h.q(i, c)) + "·" + format_number(h.k(j, c));
        }
    }
    return equals(s, h.scores(i, j));
}

std::string logit_formula(const attn::Result& r, int head, int i, int j, const std::string& lang) {
    const attn::HeadResult& h = r.head[head];
    const std::string ij = index_pair(i + 1, j + 1);
    if (masked(r, i, j))
        return "l" + ij + " = −∞: " +
               tr(lang, "formula.masked_logit", {{"i", std::to_string(i + 1)}, {"j", std::to_string(j + 1)}});
    const double tau = r.scenario.temperature;
    std::string s = "l" + ij + " = s" + ij;
    std::string values = format_number(h.scores(i, j));
    if (r.scenario.scale) {
        s += " / √d_k";
        values += " / √" + std::to_string(r.d_k);
    }
    if (tau != 1.0) {
        s += " / τ";
        values += " / " + format_number(tau, tau < 0.1 ? 4 : 2); // τ = 0.001 must not read as 0.00
    }
    // The English note starts with its space; the Chinese full-width parenthesis needs none.
    if (s == "l" + ij + " = s" + ij) return s + " = " + format_number(h.logits(i, j)) + tr(lang, "formula.no_scaling");
    return s + " = " + values + " = " + format_number(h.logits(i, j));
}

std::string weight_formula(const attn::Result& r, int head, int i, int j, const std::string& lang) {
    const attn::HeadResult& h = r.head[head];
    const std::string ij = index_pair(i + 1, j + 1);
    const int T = static_cast<int>(h.weights.cols());
    if (masked(r, i, j)) return "w" + ij + " = 0: " + tr(lang, "formula.masked_weight");
    int open = 0;
    for (int k = 0; k < T; ++k) open += masked(r, i, k) ? 0 : 1;
    std::string s = "w" + ij + " = " + exp_term(h.logits(i, j)) + " / (";
    if (open <= kMaxTermsShown) {
        bool first = true;
        for (int k = 0; k < T; ++k) {
            if (masked(r, i, k)) continue;
            s += (first ? "" : " + ") + exp_term(h.logits(i, k));
            first = false;
        }
    } else {
        s += "Σₘ e^l" + subscript(i + 1) + "ₘ, " + tr(lang, "formula.terms", {{"n", std::to_string(open)}});
    }
    return equals(s + ")", format_weight(h.weights(i, j)));
}

std::string head_output_formula(const attn::Result& r, int head, int i, int c) {
    const attn::HeadResult& h = r.head[head];
    const int T = static_cast<int>(h.weights.cols());
    std::string s = "o" + index_pair(i + 1, c + 1) + " = Σⱼ w" + subscript(i + 1) + "ⱼ·v" + "ⱼ" + subscript(c + 1);
    if (T <= kMaxTermsShown) {
        s += " = ";
        for (int j = 0; j < T; ++j) {
            if (j) s += " + ";
            s += format_number(h.weights(i, j)) + "·" + format_number(h.v(j, c));
        }
    }
    return equals(s, h.output(i, c));
}

std::string entropy_formula(const attn::Result& r, int head, int i, const std::string& lang) {
    const attn::HeadResult& h = r.head[head];
    const int T = static_cast<int>(h.weights.cols());
    return "H" + subscript(i + 1) + " = −Σⱼ w" + subscript(i + 1) + "ⱼ ln w" + subscript(i + 1) + "ⱼ = " +
           tr(lang, "formula.entropy_unit", {{"value", format_number(h.entropy(i))}, {"T", std::to_string(T)},
                                             {"uniform", format_number(std::log(static_cast<double>(T)))}});
}

} // namespace attn::ui
