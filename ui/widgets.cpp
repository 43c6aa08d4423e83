#include "widgets.h"
#include "text_wrap.h"
#include "theme.h"
#include "imgui.h"

namespace attn::ui {

namespace {

// Grows the std::string with what is typed or pasted (as misc/cpp/imgui_stdlib.cpp does),
// so a long text is never silently cut.
int grow_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

} // namespace

bool input_text(const char* id, const char* hint, std::string* s, int flags, float height) {
    if (height > 0.0f)
        return ImGui::InputTextMultiline(id, s->data(), s->capacity() + 1, ImVec2(-FLT_MIN, height),
                                         flags | ImGuiInputTextFlags_CallbackResize, grow_string, s);
    return ImGui::InputTextWithHint(id, hint, s->data(), s->capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize,
                                    grow_string, s);
}

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

void section_title(const std::string& title) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopStyleColor();
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
