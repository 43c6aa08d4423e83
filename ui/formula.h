// attnviz UI: the formula behind a number, written out with the actual values
// ("w₁₃ = e²/(e² + e⁰ + e²) = 0.468"). Pure string building over a Result, so it is
// unit-tested without ImGui. Indices in the text are 1-based, as in textbooks; the words
// between the symbols come from the catalogue in `lang` (i18n.h), the symbols stay as they are.
#pragma once
#include "core/result.h"
#include <string>

namespace attn::ui {

std::string format_number(double v, int decimals = 3); // "0.468", never "-0.000"
std::string subscript(int n);                           // 13 → "₁₃"
std::string index_pair(int i, int j);                   // 1-based: "₁₃", or "₁₂,₃" when either > 9

// q_ic = Σ_m x_im·W[m, h·d_k + c] for which = 'q', 'k' or 'v'.
std::string projection_formula(const attn::Result& r, char which, int head, int i, int c);
std::string score_formula(const attn::Result& r, int head, int i, int j);    // s_ij = q_i·k_j = …
std::string logit_formula(const attn::Result& r, int head, int i, int j, const std::string& lang = "en");    // l_ij = s_ij·scale/τ (or masked)
std::string weight_formula(const attn::Result& r, int head, int i, int j, const std::string& lang = "en");   // w_ij = e^l_ij / Σ_m e^l_im
std::string head_output_formula(const attn::Result& r, int head, int i, int c); // o_ic = Σ_j w_ij·v_jc
std::string entropy_formula(const attn::Result& r, int head, int i, const std::string& lang = "en");          // H_i = −Σ_j w_ij ln w_ij

} // namespace attn::ui
