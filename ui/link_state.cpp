#include "link_state.h"
#include "session.h"
#include "i18n.h"
#include "core/scenario_json.h"
#include <exception>

namespace attn::ui {

std::string ui_link_state_json(const AppState& app) {
    nlohmann::json view = in_mode(app, Mode::Explore) || !app.session.own_view.is_object() ? session_view_json(app)
                                                                                           : app.session.own_view;
    view["mode"] = "explore";
    return nlohmann::json{{"scenario", attn::scenario_to_json(session_own_scenario(app))}, {"view", view}}.dump();
}

bool ui_open_link_state(AppState& app, const attn::LinkState& state) {
    if (!state.ok) {
        ui_notice(app, tr("en", "notice.link_not_opened", {{"error", state.error}})); // English, like the core's: draw_notice translates
        return false;
    }
    std::string error;
    try {
        attn::compute(state.scenario); // validated by the decoder; computing can still refuse it
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (error.empty()) session_leave(app); // a link shows the explorer; a lesson's progress is kept
    if (!error.empty() || !session_show_scenario(app, state.scenario, &error)) {
        ui_notice(app, tr("en", "notice.link_scenario", {{"error", error}}));
        return false;
    }
    session_apply_view(app, state.view);
    session_announce(app);
    return true;
}

bool ui_open_link_json(AppState& app, const std::string& state_json) {
    return ui_open_link_state(app, attn::link_state_from_json(state_json));
}

namespace {
std::string fragment_pair(const char* name, const std::string& value) { return name + ('=' + value); }
} // namespace

std::string ui_place_fragment(const AppState& app) {
    if (in_mode(app, Mode::Lesson) && app.lesson.active >= 0)
        return fragment_pair("lesson", app.lesson.lessons[static_cast<std::size_t>(app.lesson.active)].id) + '&' +
               fragment_pair("step", std::to_string(app.lesson.step + 1));
    if (in_mode(app, Mode::Training) && app.training.run)
        return fragment_pair("train", app.training.run->task->name) + '&' + fragment_pair("seed", std::to_string(app.training.run->config.seed));
    return "";
}

void ui_notice(AppState& app, const std::string& message) { app.notice = message; }

} // namespace attn::ui
