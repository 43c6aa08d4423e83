#include "widgets.h"
#include "text_wrap.h"
#include "imgui.h"

namespace attn::ui {

void track_widget(AppState& app, const std::string& name, const ImVec2& min, const ImVec2& size) {
    app.widget_rects[name] = WidgetRect{min.x, min.y, size.x, size.y};
}

void track_last_item(AppState& app, const std::string& name) {
    const ImVec2 a = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
    track_widget(app, name, a, s);
}

void formula_tooltip(AppState& app, const std::string& text) {
    app.tooltip = text;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 44.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    track_widget(app, "tooltip", ImGui::GetWindowPos(), ImGui::GetWindowSize());
    ImGui::EndTooltip();
}

void double_click_to_type() {
    // Focusing the item through the keyboard-focus API activates it "preferring input", the
    // path Tab takes into a slider: ImGui then shows its text field.
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) ImGui::SetKeyboardFocusHere(-1);
}

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::BeginItemTooltip()) {
        text_wrapped_at_spaces(text, ImGui::GetFontSize() * 30.0f);
        ImGui::EndTooltip();
    }
}

void text_wrapped_at_spaces(const std::string& text, float width) {
    const auto measure = [](const std::string& piece) { return ImGui::CalcTextSize(piece.c_str()).x; };
    for (const std::string& line : wrap_text(text, width > 0 ? width : ImGui::GetContentRegionAvail().x, measure))
        ImGui::TextUnformatted(line.c_str());
}

std::string label(const AppState& app, const char* key, const char* id, const MessageArgs& args) {
    return tr(app.language, key, args) + "###" + id;
}

} // namespace attn::ui
