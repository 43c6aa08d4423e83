// attnviz UI: the header's language switch. One small button named in the other language
// (中文 in the English interface, English in the Chinese one), so a learner who cannot read
// the current language still finds their own, and the header keeps its one line at 1280 px.
#include "i18n.h"
#include "lesson_mode.h"
#include "panels.h"
#include "widgets.h"
#include "imgui.h"

namespace attn::ui {

namespace {

const std::string& other_language(const AppState& app) {
    const std::vector<std::string>& all = i18n_languages();
    return app.language == all[0] ? all[1] : all[0];
}

} // namespace

float language_switch_width(const AppState& app) {
    return ImGui::CalcTextSize(tr(other_language(app), "language.name").c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
}

void draw_language_switch(AppState& app) {
    const std::string& other = other_language(app);
    // The ID stays when the label changes, so a click is never lost between frames.
    if (ImGui::SmallButton((tr(other, "language.name") + "###language").c_str())) ui_set_language(app, other);
    track_last_item(app, "header.language");
    ImGui::SetItemTooltip("%s", tr(app.language, "language.tooltip").c_str());
}

} // namespace attn::ui
