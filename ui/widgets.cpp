#include "widgets.h"
#include "text_wrap.h"
#include "theme.h"
#include "imgui.h"
#include <algorithm>

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
    // No wider than the window, wrapped where the language breaks lines: on a phone's 390 px
    // a head's description in Chinese ran off the screen (ImGui wraps only at spaces).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float room = ImGui::GetIO().DisplaySize.x - style.WindowPadding.x * 2.0f - style.DisplaySafeAreaPadding.x * 2.0f;
    const float width = std::min(ImGui::GetFontSize() * 44.0f, std::max(ImGui::GetFontSize() * 10.0f, room));
    for (size_t start = 0;;) {
        const size_t end = text.find('\n', start);
        text_wrapped_at_spaces(text.substr(start, end == std::string::npos ? std::string::npos : end - start), width);
        if (end == std::string::npos) break;
        start = end + 1;
    }
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
