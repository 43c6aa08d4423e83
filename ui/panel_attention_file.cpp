// attnviz UI: model mode's panel on an attention file — the file, its tokens, the layer and
// head, and the model view (panel_model.cpp's grid over the file's maps). The weights panel
// shows the selected head; panels 4, 5 and 7 say what the file does not have.
#include "attention_import.h"
#include "error_text.h"
#include "model_mode.h"
#include "panels.h"
#include "session.h"
#include "theme.h"
#include "widgets.h"
#include "imgui.h"
#include <algorithm>
#include <string>

namespace attn::ui {

namespace {

// Up to 1024 tokens: a wrapped line of them, the selected query marked; click selects its row.
void draw_tokens(AppState& app, const attn::model::AttentionFile& f) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const int shown = std::min(f.T, 64); // beyond, the chips would fill the panel: the weights panel has them all
    for (int i = 0; i < shown; ++i) {
        const std::string& piece = f.tokens[static_cast<size_t>(i)];
        const std::string label = (piece.empty() ? std::string("\"\"") : piece) + "##" + std::to_string(i);
        const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
        if (i > 0) {
            ImGui::SameLine(0.0f, 2.0f);
            if (ImGui::GetItemRectMax().x + 2.0f + w > right) ImGui::NewLine();
        }
        const bool selected = i == app.selected_query;
        if (selected) ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(120, 95, 30, 255));
        if (ImGui::SmallButton(label.c_str())) app.selected_query = i;
        if (selected) ImGui::PopStyleColor();
        track_last_item(app, "attention.chip." + std::to_string(i));
    }
    if (shown < f.T) ImGui::TextDisabled("%s", tr(app.language, "attention_file.more", {{"n", std::to_string(f.T - shown)}}).c_str());
}

} // namespace

void draw_weights_only_notice(const AppState& app, const std::string& title) {
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", tr(app.language, "attention_file.weights_only").c_str());
}

void draw_attention_file_panel(AppState& app) {
    ModelState& m = model_state(app);
    const ImportedAttention& a = *m.imported;
    const attn::model::AttentionFile& f = *a.file;
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(tr(app.language, "attention_file.title", {{"name", a.name}}).c_str());
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s%s%s", f.model.c_str(), f.model.empty() ? "" : ", ",
                       tr(app.language, f.causal ? "attention_file.summary_causal" : "attention_file.summary_bidirectional",
                          {{"layers", std::to_string(f.n_layers)}, {"heads", std::to_string(f.n_heads)}, {"T", std::to_string(f.T)}}).c_str());
    ImGui::PopStyleColor();
    track_last_item(app, "attention.title");
    if (ImGui::Button(label(app, "model.back", "back").c_str())) {
        model_leave(app);
        return;
    }
    track_last_item(app, "model.leave");
    ImGui::SameLine();
    if (ImGui::Button(label(app, m.model ? "attention_file.close_to_run" : "attention_file.close", "close").c_str())) {
        attention_close(app);
        return;
    }
    track_last_item(app, "attention.close");
    if (app.open_model_files) {
        const std::string open = tr(app.language, "model.open");
        if (ImGui::GetContentRegionAvail().x > ImGui::CalcTextSize(open.c_str()).x * 2.2f) ImGui::SameLine();
        if (ImGui::Button((open + "###open").c_str())) app.open_model_files();
        track_last_item(app, "model.open");
        ImGui::SetItemTooltip("%s", tr(app.language, "attention_file.open_tooltip").c_str());
    }
    if (!m.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", error_text(app.language, m.error).c_str());
        ImGui::PopStyleColor();
        track_last_item(app, "model.error");
    }

    section_title(tr(app.language, "model.layer_and_head"));
    draw_layer_head_picker(app, m, f.n_layers, f.n_heads);

    section_title(tr(app.language, "model.view_title"));
    ImGui::SameLine();
    help_marker(tr(app.language, "attention_file.view_help").c_str());
    draw_model_view(app, m);

    section_title(tr(app.language, "tokens.title"));
    draw_tokens(app, f);
}

} // namespace attn::ui
