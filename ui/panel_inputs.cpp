// attnviz UI: the input panels — tokens, embeddings, settings.
#include "formula.h"
#include "heatmap.h"
#include "lesson_mode.h"
#include "panels.h"
#include "session.h"
#include "widgets.h"
#include "scenario_edit.h"
#include "core/embeddings.h"
#include "theme.h"
#include "imgui.h"
#include "imgui_internal.h" // flatten_for_tab: the table's child window and focus scope
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace attn::ui {

namespace {

// A section's title; when the open lesson step points at the section it is drawn in the
// accent colour and scrolled into view once.
void section_title(AppState& app, const char* lesson_name, const char* number, const std::string& title) {
    const bool lit = lesson_highlights(app, lesson_name);
    if (lit && app.lesson.scroll_to_highlight) {
        ImGui::SetScrollHereY(0.0f);
        app.lesson.scroll_to_highlight = false;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, lit ? kAccent : kTitle);
    ImGui::Text("%s  %s%s", number, title.c_str(), lit ? "  ◀" : "");
    ImGui::PopStyleColor();
}

void edit_tokens(AppState& app, void (*edit)(attn::Scenario&, int, int), int a, int b) {
    edit(app.scenario, a, b);
    mark_edited(app);
}

// [SECTION] Token chips

void draw_chip(AppState& app, int i, const std::string& token) {
    ImGui::PushID(i);
    const bool selected = i == app.selected_query;
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(120, 95, 30, 255));
        ImGui::PushStyleColor(ImGuiCol_Border, kAccent);
    }
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, selected ? 1.5f : 0.0f);
    if (ImGui::Button(token.c_str())) app.selected_query = i;
    ImGui::PopStyleVar();
    if (selected) ImGui::PopStyleColor(2);
    track_last_item(app, "tokens.chip." + std::to_string(i));
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort) && !ImGui::IsMouseDragging(ImGuiMouseButton_Left))
        ImGui::SetTooltip("%s", tr(app.language, "tokens.chip_tooltip", {{"n", std::to_string(i + 1)}}).c_str());
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        app.editing_token = i;
        std::snprintf(app.token_edit, sizeof app.token_edit, "%s", token.c_str());
        ImGui::OpenPopup("rename");
    }
    if (ImGui::BeginDragDropSource()) {
        ImGui::SetDragDropPayload("ATTNVIZ_TOKEN", &i, sizeof i);
        ImGui::TextUnformatted(tr(app.language, "tokens.move", {{"token", token}}).c_str());
        ImGui::EndDragDropSource();
    }
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("ATTNVIZ_TOKEN")) {
            const int from = *static_cast<const int*>(p->Data);
            edit_tokens(app, move_token, from, i);
            app.selected_query = i;
        }
        ImGui::EndDragDropTarget();
    }
    if (ImGui::BeginPopupContextItem("##chip_menu")) {
        if (ImGui::MenuItem(tr(app.language, "tokens.rename").c_str())) {
            app.editing_token = i;
            std::snprintf(app.token_edit, sizeof app.token_edit, "%s", token.c_str());
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
            ImGui::OpenPopup("rename");
        } else {
            if (ImGui::MenuItem(tr(app.language, "tokens.insert_before").c_str())) { insert_token(app.scenario, i, "new"); mark_edited(app); }
            if (ImGui::MenuItem(tr(app.language, "tokens.insert_after").c_str())) { insert_token(app.scenario, i + 1, "new"); mark_edited(app); }
            if (ImGui::MenuItem(tr(app.language, "tokens.delete").c_str(), nullptr, false, app.result->tokens.size() > 1)) { delete_token(app.scenario, i); mark_edited(app); }
            ImGui::EndPopup();
        }
    }
    if (ImGui::BeginPopup("rename")) {
        ImGui::TextUnformatted(tr(app.language, "tokens.rename_title", {{"n", std::to_string(i + 1)}}).c_str());
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        const bool enter = ImGui::InputText("##rename", app.token_edit, sizeof app.token_edit, ImGuiInputTextFlags_EnterReturnsTrue);
        track_last_item(app, "tokens.rename");
        if (enter || ImGui::Button(label(app, "common.ok", "ok").c_str())) {
            const std::string name = app.token_edit;
            if (!name.empty() && name.find_first_of(" \t\n") == std::string::npos) {
                rename_token(app.scenario, i, name);
                mark_edited(app);
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

// Cross-attention: name the sequence the keys and values come from (read-only here).
void draw_source_line(const AppState& app, const attn::Result& r) {
    std::string line;
    for (const std::string& t : r.key_tokens) line += " “" + t + "”";
    ImGui::TextWrapped("%s", tr(app.language, "tokens.cross_attention", {{"tokens", line}, {"n", std::to_string(r.key_tokens.size())}}).c_str());
}

} // namespace

// [SECTION] 1. Tokens

constexpr double kTypingPause = 0.35; // seconds without a keystroke before the sentence applies

void draw_tokens_panel(AppState& app) {
    section_title(app, "tokens", "1", tr(app.language, "tokens.title"));
    help_marker(tr(app.language, "tokens.help").c_str());
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool enter = input_text("##sentence", tr(app.language, "tokens.sentence_hint").c_str(), &app.sentence, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemEdited()) {
        app.sentence_pending = true;
        app.sentence_edit_time = ImGui::GetTime();
    }
    // Applies as you type, once typing pauses (a recompute per keystroke would make long
    // texts stutter); Enter applies at once. An emptied field waits: no tokens is an error.
    const bool paused = app.sentence_pending && ImGui::GetTime() - app.sentence_edit_time >= kTypingPause &&
                        app.sentence.find_first_not_of(" \t\r\n") != std::string::npos;
    if (enter || paused) {
        app.sentence_pending = false;
        try {
            retokenize(app.scenario, app.sentence, app.scenario.tokenizer);
            mark_edited(app);
        } catch (const std::exception& e) {
            app.error = e.what();
        }
    }
    track_last_item(app, "tokens.sentence");
    int tk = app.scenario.tokenizer == attn::Tokenizer::Chars ? 1 : 0;
    bool changed = ImGui::RadioButton(label(app, "tokens.words", "words").c_str(), &tk, 0);
    track_last_item(app, "tokens.words");
    ImGui::SameLine();
    changed |= ImGui::RadioButton(label(app, "tokens.characters", "characters").c_str(), &tk, 1);
    track_last_item(app, "tokens.chars");
    if (changed) {
        try {
            retokenize(app.scenario, app.sentence, tk == 1 ? attn::Tokenizer::Chars : attn::Tokenizer::Words);
            mark_edited(app);
        } catch (const std::exception& e) {
            app.error = e.what();
        }
    }
    ImGui::SameLine();
    ImGui::TextDisabled("T = %d", static_cast<int>(app.result->tokens.size()));
    if (app.result->scenario.has_source) draw_source_line(app, *app.result);

    // Chips wrap like words in a paragraph.
    const std::vector<std::string>& tokens = app.result->tokens;
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    // Beyond a few lines of chips the panels below would scroll out of reach; the rest
    // stay editable through the sentence field.
    const int shown = std::min<int>(static_cast<int>(tokens.size()), 64);
    for (int i = 0; i < shown; ++i) {
        const float w = ImGui::CalcTextSize(tokens[i].c_str()).x + style.FramePadding.x * 2;
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        draw_chip(app, i, tokens[i]);
    }
    if (shown < static_cast<int>(tokens.size())) ImGui::TextDisabled("%s", tr(app.language, "tokens.more", {{"n", std::to_string(tokens.size() - static_cast<std::size_t>(shown))}}).c_str());
    ImGui::BeginDisabled(static_cast<int>(tokens.size()) >= attn::kMaxTokens);
    if (ImGui::SmallButton(label(app, "tokens.add", "add").c_str())) {
        insert_token(app.scenario, static_cast<int>(tokens.size()), "new");
        mark_edited(app);
    }
    ImGui::EndDisabled();
    track_last_item(app, "tokens.add");
    ImGui::Spacing();
}

// [SECTION] 2. Embeddings

// Tab goes through the table's cells, row by row, like through every other field. A scrolling
// table lives in a child window of its own, which Tab treats as one stop (an outline) without
// entering it; BeginTable (ImGui 1.90) takes no flag to flatten that child as BeginChild's
// NavFlattened does, so it is flattened here, right after BeginTable: its items join the
// panel's focus scope and navigation root, and End() pops no focus scope for it.
static void flatten_for_tab() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* inner = g.CurrentWindow;
    if (!(inner->Flags & ImGuiWindowFlags_ChildWindow) || (inner->Flags & ImGuiWindowFlags_NavFlattened)) return;
    ImGui::PopFocusScope(); // the one Begin() pushed for it
    inner->Flags |= ImGuiWindowFlags_NavFlattened;
    inner->RootWindowForNav = inner->ParentWindow->RootWindowForNav;
    inner->NavRootFocusScopeId = g.CurrentFocusScopeId;
}

void draw_embeddings_panel(AppState& app) {
    const attn::Result& r = *app.result;
    ImGui::Separator();
    section_title(app, "embeddings", "2", tr(app.language, "embeddings.title"));
    help_marker(tr(app.language, "embeddings.help").c_str());
    const bool seeded = app.scenario.embedding_source == attn::EmbeddingSource::Seeded;
    const std::uint64_t one = 1;
    ImGui::SetNextItemWidth(90.0f);
    if (ImGui::InputScalar(label(app, "embeddings.seed", "seed_emb").c_str(), ImGuiDataType_U64, &app.scenario.embedding_seed, &one) && seeded) mark_edited(app);
    ImGui::SameLine();
    const std::string random_label = label(app, seeded ? "embeddings.random_done" : "embeddings.random", "random");
    // In a narrow column (800×600, a phone) the button goes under the seed, not past the panel's edge.
    if (ImGui::CalcTextSize(random_label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2 > ImGui::GetContentRegionAvail().x)
        ImGui::NewLine();
    if (ImGui::Button(random_label.c_str())) {
        app.scenario.embedding_source = attn::EmbeddingSource::Seeded;
        app.scenario.embedding_dim = r.d_model;
        mark_edited(app);
    }
    track_last_item(app, "embeddings.random");
    bool pe = app.scenario.positional == attn::Positional::Sinusoidal;
    if (ImGui::Checkbox(label(app, "embeddings.positional", "positional").c_str(), &pe)) {
        app.scenario.positional = pe ? attn::Positional::Sinusoidal : attn::Positional::None;
        mark_edited(app);
    }
    track_last_item(app, "embeddings.positional");

    const int T = static_cast<int>(r.tokens.size()), d = r.d_model;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    const float row_h = ImGui::GetFrameHeight() + 2.0f;
    const float height = std::min(row_h * (T + 1) + 8.0f, 260.0f);
    int edit_row = -1, edit_col = -1;
    double edit_value = 0.0;
    if (ImGui::BeginTable("##X", d + 1, flags, ImVec2(0, height))) {
        flatten_for_tab();
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn(tr(app.language, "embeddings.token_column").c_str());
        for (int c = 0; c < d; ++c) ImGui::TableSetupColumn(std::to_string(c + 1).c_str());
        ImGui::PushTabStop(false); // column numbers are no fields
        ImGui::TableHeadersRow();
        ImGui::PopTabStop();
        ImGuiListClipper clipper;
        clipper.Begin(T);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (i == app.selected_query) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(90, 70, 20, 255));
                ImGui::TextUnformatted(r.tokens[i].c_str());
                for (int c = 0; c < d; ++c) {
                    ImGui::TableNextColumn();
                    ImGui::PushID(i * 1024 + c);
                    double v = r.embeddings(i, c);
                    ImGui::SetNextItemWidth(52.0f);
                    if (ImGui::DragScalar("##e", ImGuiDataType_Double, &v, 0.01f, nullptr, nullptr, "%.2f") && std::isfinite(v)) {
                        edit_row = i, edit_col = c, edit_value = v; // applied once, after the table
                    }
                    track_last_item(app, "embeddings.cell." + std::to_string(i) + "." + std::to_string(c));
                    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort) && pe)
                        // PE's formula counts from 0 (Vaswani et al.); the learner's indices count from 1.
                        formula_tooltip(app, "x" + index_pair(i + 1, c + 1) + " = " + format_number(r.embeddings(i, c)) +
                                                 " + PE[" + std::to_string(i) + ", " + std::to_string(c) + "] " +
                                                 format_number(r.positional(i, c)) + " = " + format_number(r.x(i, c)) +
                                                 tr(app.language, "embeddings.pe_note"));
                    ImGui::PopID();
                }
            }
        }
        ImGui::EndTable();
    }
    if (edit_row >= 0) {
        set_embedding_cell(app.scenario, r.embeddings, edit_row, edit_col, edit_value);
        mark_edited(app);
    }
    if (pe) ImGui::TextDisabled("%s", tr(app.language, "embeddings.shown_note").c_str());
    ImGui::Spacing();
}

// [SECTION] 3. Settings

void draw_settings_panel(AppState& app) {
    const attn::Result& r = *app.result;
    ImGui::Separator();
    section_title(app, "settings", "3", tr(app.language, "settings.title"));
    const float w = 150.0f;

    int d = r.d_model;
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt("d_model", &d) && d != r.d_model) {
        set_model_dim(app.scenario, std::clamp(d, 1, attn::kMaxModelDim));
        mark_edited(app);
    }
    track_last_item(app, "settings.d_model");

    const std::vector<int> counts = head_counts_for(r.d_model);
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo(label(app, "settings.heads", "heads").c_str(), std::to_string(app.scenario.heads).c_str())) {
        // Why 1 and 3 but not 2 with d_model = 3: each head gets an equal share of the columns.
        ImGui::TextDisabled("%s", tr(app.language, "settings.heads_divisors", {{"d", std::to_string(r.d_model)}}).c_str());
        for (int h : counts)
            if (ImGui::Selectable(std::to_string(h).c_str(), h == app.scenario.heads)) {
                set_heads(app.scenario, h);
                mark_edited(app);
            }
        ImGui::EndCombo();
    }
    track_last_item(app, "settings.heads");
    ImGui::SetItemTooltip("%s", tr(app.language, "settings.heads_tooltip").c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("d_k = %d", r.d_k);

    const std::string projection_names[] = {tr(app.language, "settings.projection.identity"), tr(app.language, "settings.projection.random"),
                                            tr(app.language, "settings.projection.explicit")};
    const char* const kProjections[] = {projection_names[0].c_str(), projection_names[1].c_str(), projection_names[2].c_str()};
    int proj = static_cast<int>(app.scenario.projections);
    ImGui::SetNextItemWidth(w);
    if (ImGui::Combo(label(app, "settings.projections", "projections").c_str(), &proj, kProjections, app.scenario.projections == attn::ProjectionKind::Explicit ? 3 : 2)) {
        app.scenario.projections = static_cast<attn::ProjectionKind>(proj);
        mark_edited(app);
    }
    track_last_item(app, "settings.projections");
    help_marker(tr(app.language, "settings.projections_help").c_str());
    if (app.scenario.projections == attn::ProjectionKind::Seeded) {
        const std::uint64_t one = 1;
        ImGui::SetNextItemWidth(w);
        if (ImGui::InputScalar(label(app, "settings.projection_seed", "projection_seed").c_str(), ImGuiDataType_U64, &app.scenario.projection_seed, &one)) mark_edited(app);
    }

    if (ImGui::Checkbox(label(app, "settings.scale", "scale").c_str(), &app.scenario.scale)) mark_edited(app);
    track_last_item(app, "settings.scale");

    float tau = static_cast<float>(app.scenario.temperature);
    ImGui::SetNextItemWidth(w);
    if (ImGui::SliderFloat(label(app, "settings.temperature", "temperature").c_str(), &tau, 0.01f, 10.0f, "%.2f", ImGuiSliderFlags_Logarithmic)) {
        app.scenario.temperature = std::clamp(static_cast<double>(tau), 0.01, 10.0);
        mark_edited(app);
    }
    double_click_to_type();
    track_last_item(app, "settings.temperature");

    const std::string mask_names[] = {tr(app.language, "settings.mask.none"), tr(app.language, "settings.mask.causal"),
                                      tr(app.language, "settings.mask.custom")};
    const char* const kMasks[] = {mask_names[0].c_str(), mask_names[1].c_str(), mask_names[2].c_str()};
    int mask = static_cast<int>(app.scenario.mask);
    ImGui::SetNextItemWidth(w);
    if (ImGui::Combo(label(app, "settings.mask", "mask").c_str(), &mask, kMasks, 3)) {
        if (mask == 2) {
            toggle_mask_cell(app.scenario, -1, -1); // becomes explicit, copying the current pattern
            app.mask_editing = true;
        } else {
            app.scenario.mask = static_cast<attn::MaskKind>(mask);
            app.mask_editing = false;
        }
        mark_edited(app);
    }
    track_last_item(app, "settings.mask");
    help_marker(tr(app.language, "settings.mask_help").c_str());
    if (ImGui::Checkbox(label(app, "settings.mask_editing", "mask_editing").c_str(), &app.mask_editing) && app.mask_editing &&
        app.scenario.mask != attn::MaskKind::Explicit) {
        toggle_mask_cell(app.scenario, -1, -1);
        mark_edited(app);
    }
    track_last_item(app, "settings.mask_editing");
}

} // namespace attn::ui
