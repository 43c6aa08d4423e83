// attnviz UI: small widget helpers shared by the panels and the heatmap and plot widgets —
// named widget rectangles for tests, the formula tooltip, the "(?)" help marker, section titles.
#pragma once
#include "app_state.h"
#include "i18n.h"
#include <string>

struct ImVec2;

namespace attn::ui {

// Records the screen rectangle of a named widget (for tests and automation).
void track_widget(AppState& app, const std::string& name, const ImVec2& min, const ImVec2& size);
void track_last_item(AppState& app, const std::string& name);
// Hover help: a tooltip with the formula text, tracked as the widget "tooltip".
void formula_tooltip(AppState& app, const std::string& text);
// After a slider: a double-click turns it into a text field to type the value, as Ctrl+click does.
void double_click_to_type();
// A text field over a std::string that grows with what is typed or pasted; `flags` are
// ImGuiInputTextFlags; height > 0: several lines, that tall (the hint is not shown).
bool input_text(const char* id, const char* hint, std::string* s, int flags = 0, float height = 0.0f);
// A small "(?)" marker whose tooltip explains a panel.
void help_marker(const char* text);
// A section's title inside a panel: a little space above, the title colour.
void section_title(const std::string& title);
// Text wrapped where its language breaks lines (text_wrap.h): ImGui's own wrap also breaks
// after '.', which splits 0.161 over two lines, and never between two Chinese characters.
// `width` 0: the room left in the window.
void text_wrapped_at_spaces(const std::string& text, float width = 0.0f);
// A label in the interface's language with an ID that stays when the language changes.
std::string label(const AppState& app, const char* key, const char* id, const MessageArgs& args = {});

} // namespace attn::ui
