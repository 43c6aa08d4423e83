// attnviz UI: the session — which mode the app is in, the user's own scenario kept while a
// mode shows its own, and how an edited scenario becomes a result. Lessons, training and
// model mode enter, leave and show their scenarios only through here; they never call each
// other, except that a lesson step may host the model (lesson_mode.cpp, show_model_step):
// the lesson stays the mode and drives model mode's run, which never calls lessons. Panels
// edit app.scenario and call mark_edited(); ui_frame() recomputes once, before the next
// frame's panels draw.
#pragma once
#include "app_state.h"
#include <nlohmann/json.hpp>
#include <string>

namespace attn::ui {

// [SECTION] Modes

// Enters `mode` with its follow rule. From another mode, that one is left first (as by
// session_leave); from Explore, the user's scenario is kept to give back on leaving.
void session_enter(AppState& app, Mode mode, FollowRule rule);
// Back to Explore. While the panels followed the mode they showed its scenario: the user's
// own comes back. If the user made the one on screen theirs (rule UntilUserEdits), it stays.
void session_leave(AppState& app);
bool in_mode(const AppState& app, Mode mode);
// Panels follow the mode again (what the user had on screen becomes what leaving gives
// back), or stop following (the user's own scenario shows; leaving keeps it).
void session_follow(AppState& app, bool on);
// The open mode shows `s` (the trained layer): computed at once, not a user edit.
void session_show(AppState& app, attn::Scenario s);
// … a result made elsewhere (model mode: a GPT-2 head); app.scenario becomes its scenario.
void session_show_result(AppState& app, std::shared_ptr<const attn::Result> result);
// … a scenario given as JSON (a lesson step), the sentence field set from it; the old one
// is kept when it cannot be read or computed.
bool session_show_json(AppState& app, const std::string& json, std::string* error);
// Saves the session (lesson progress, the #train link, the user's own scenario and view)
// through app.save_progress.
void session_announce(AppState& app);
// … when the user's own scenario or view changed since it was last saved; ui_frame() calls it.
void session_save_if_changed(AppState& app);
// Gives back what session_announce saved of the user's own work ("own", "view"): a reload
// keeps the learner's sentence and settings. Anything unreadable is ignored.
void session_restore(AppState& app, const nlohmann::json& progress);

// The view settings as saved and linked ({"scores_view", "query", "head", …}; docs/links.md),
// and applying them (unknown or unreadable fields are ignored).
nlohmann::json session_view_json(const AppState& app);
void session_apply_view(AppState& app, const nlohmann::json& view);
// The user's own scenario: on screen, or kept while a mode shows its own.
const attn::Scenario& session_own_scenario(const AppState& app);
// Shows `s` as session_show_json does (a user's scenario: see ui_set_scenario_json).
bool session_show_scenario(AppState& app, attn::Scenario s, std::string* error);

// [SECTION] Edits and recomputation

void mark_edited(AppState& app);      // the user edited app.scenario; ends following under UntilUserEdits
void session_recompute(AppState& app); // what mark_edited() marked, once; ui_frame() calls it before drawing
// Recomputes now, or records in app.error why it can't (the panels keep the last good result).
void commit_edit(AppState& app);

// [SECTION] Automation API (window.attnviz, tests): the scenario JSON format
bool ui_set_scenario_json(AppState& app, const std::string& json, std::string* error); // a user edit; keeps the old one on error
std::string ui_scenario_json(const AppState& app);
std::string ui_result_json(const AppState& app);
void ui_select_query(AppState& app, int token_index); // 0-based
std::string ui_progress_json(const AppState& app);    // what save_progress stores

} // namespace attn::ui
