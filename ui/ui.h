// attnviz UI: ImGui panels over the core. Knows nothing of the platform: the platform
// layer (app/main.cpp) calls ui_frame() between ImGui::NewFrame() and ImGui::Render(),
// handing in the few platform facts as a plain struct.
#pragma once
#include "app_state.h"
#include <string>

struct PlatformInfo {
    float width = 1280, height = 800; // window size in ImGui's logical pixels
    float dpi_scale = 1.0f;           // framebuffer pixels per logical pixel (devicePixelRatio)
    double time = 0.0;                // seconds since start
};

void ui_init(AppState& app);                           // loads the default scenario (the classic worked example)
void ui_frame(AppState& app, const PlatformInfo& pf);  // draws every panel; recomputes when the scenario changed

// The automation API (window.attnviz, tests): scenario and result in the scenario JSON format.
bool ui_set_scenario_json(AppState& app, const std::string& json, std::string* error); // keeps the old one on error
std::string ui_scenario_json(const AppState& app);
std::string ui_result_json(const AppState& app);
void ui_select_query(AppState& app, int token_index);  // 0-based
// Screen rectangle {x, y, w, h} (logical pixels) of a named widget drawn in the last frame,
// so tests can click real widgets. Returns false when the name was not drawn.
bool ui_widget_rect(const AppState& app, const std::string& name, float out_xywh[4]);
std::string ui_widget_names(const AppState& app); // JSON array of all names drawn last frame
std::string ui_tooltip(const AppState& app);      // the formula tooltip shown last frame, or ""

// Lessons (assets/lessons/*.md). Steps are 1-based here, as in links and the page API.
void ui_load_lessons(AppState& app, const std::string& dir);       // malformed files are listed, not fatal
bool ui_open_lesson(AppState& app, const std::string& id, int step, std::string* error);
void ui_leave_lesson(AppState& app);                               // restores the learner's own scenario
std::string ui_lesson_json(const AppState& app);                   // {"id","step","steps","done"} or null
std::string ui_progress_json(const AppState& app);                 // what save_progress stores
void ui_restore_progress(AppState& app, const std::string& json);  // reopens the lesson that was open
