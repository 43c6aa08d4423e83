// attnviz UI: model mode's panel on an attention file — the file, its tokens, the layer and
// head, and the model view (panel_model.cpp's grid over the file's maps). The weights panel
// shows the selected head; panels 4, 5 and 7 say what the file does not have.
#include "attention_import.h"
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

void section(const char* title) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
}

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
    if (shown < f.T) ImGui::TextDisabled("… and %d more (the weights panel has all)", f.T - shown);
}

} // namespace

void draw_weights_only_notice(const char* title) {
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
    ImGui::TextWrapped("Not in an attention file: it holds each head's weights only, so there are no queries, keys, "
                       "values, scores or outputs to show. The weights panel has the selected head; a GPT-2 folder "
                       "(Open a model…) has them all.");
}

void draw_attention_file_panel(AppState& app) {
    ModelState& m = model_state(app);
    const ImportedAttention& a = *m.imported;
    const attn::model::AttentionFile& f = *a.file;
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::Text("Attention file: %s", a.name.c_str());
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s%s%d layers × %d heads, %d tokens, %s", f.model.c_str(), f.model.empty() ? "" : ", ", f.n_layers,
                        f.n_heads, f.T, f.causal ? "causal (GPT-style)" : "bidirectional (BERT-style)");
    ImGui::PopStyleColor();
    track_last_item(app, "attention.title");
    if (ImGui::Button("Back to my sentence")) {
        model_leave(app);
        return;
    }
    track_last_item(app, "model.leave");
    ImGui::SameLine();
    if (ImGui::Button(m.model ? "Close the file: back to the GPT-2 run" : "Close the file")) {
        attention_close(app);
        return;
    }
    track_last_item(app, "attention.close");
    if (app.open_model_files) {
        if (ImGui::GetContentRegionAvail().x > ImGui::CalcTextSize("Open a model…").x * 2.2f) ImGui::SameLine();
        if (ImGui::Button("Open a model…")) app.open_model_files();
        track_last_item(app, "model.open");
        ImGui::SetItemTooltip("A GPT-2 folder's four files, or one attention file (.json or .safetensors,\n"
                              "docs/attention-files.md); or drop them on the page. Nothing leaves your machine.");
    }
    if (!m.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", m.error.c_str());
        ImGui::PopStyleColor();
        track_last_item(app, "model.error");
    }

    section("Layer and head");
    draw_layer_head_picker(app, m, f.n_layers, f.n_heads);

    section("Model view: every layer and head");
    ImGui::SameLine();
    help_marker("Each small map is one head's attention weights from the file (rows: queries, columns: keys). "
                "Hover for what the head does, measured: the mean weight on the previous token, on the token after "
                "the previous occurrence of the current one (induction), and on the first token. Click to open it.");
    draw_model_view(app, m);

    section("Tokens");
    draw_tokens(app, f);
}

} // namespace attn::ui
