// attnviz UI: edits of a scenario that keep what the user had. Each token that survives an
// edit keeps its embedding row and its mask entries; new tokens get the seeded vector of
// their text. Pure functions over attn::Scenario (no ImGui), unit-tested.
#pragma once
#include "core/scenario.h"
#include <string>
#include <vector>

namespace attn::ui {

std::vector<std::string> current_tokens(const attn::Scenario& s);

// origin[k] = index in the old token list that new token k came from, or -1 if new.
void replace_tokens(attn::Scenario& s, const std::vector<std::string>& tokens, const std::vector<int>& origin);
// Pairs each new token with the first unused old token of the same text.
std::vector<int> match_tokens(const std::vector<std::string>& before, const std::vector<std::string>& after);

void retokenize(attn::Scenario& s, const std::string& text, attn::Tokenizer t); // throws attn::ScenarioError
void move_token(attn::Scenario& s, int from, int to);
void delete_token(attn::Scenario& s, int i);
void insert_token(attn::Scenario& s, int at, const std::string& token);
void rename_token(attn::Scenario& s, int i, const std::string& token);

void set_model_dim(attn::Scenario& s, int d_model); // resizes explicit matrices; keeps heads dividing d
void set_heads(attn::Scenario& s, int heads);
void set_embedding_cell(attn::Scenario& s, const attn::Matrix& current_embeddings, int row, int col, double v);
void toggle_mask_cell(attn::Scenario& s, int i, int j);
std::vector<int> head_counts_for(int d_model); // the divisors of d_model up to kMaxHeads

} // namespace attn::ui
