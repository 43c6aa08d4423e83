// attnviz UI: ImGui panels over the core. Knows nothing of the platform: the platform
// layer (app/main.cpp) calls ui_frame() between ImGui::NewFrame() and ImGui::Render(),
// handing in the few platform facts as a plain struct.
#pragma once
#include "app_state.h"
#include "lesson_mode.h"
#include "session.h"
#include <string>

namespace attn::ui {

struct PlatformInfo {
    float width = 1280, height = 800; // window size in ImGui's logical pixels
    float dpi_scale = 1.0f;           // framebuffer pixels per logical pixel (devicePixelRatio)
    double time = 0.0;                // seconds since start
};

void ui_init(AppState& app);                           // loads the default scenario (the classic worked example)
// One frame as a pipeline: the mode's tick (training steps) → recompute what was edited,
// once → draw every panel → check the open lesson step's task.
void ui_frame(AppState& app, const PlatformInfo& pf);

// The automation API (window.attnviz, tests); the scenario and lessons' parts are in
// session.h and lesson_mode.h.
// Screen rectangle {x, y, w, h} (logical pixels) of a named widget drawn in the last frame,
// so tests can click real widgets. Returns false when the name was not drawn.
bool ui_widget_rect(const AppState& app, const std::string& name, float out_xywh[4]);
std::string ui_widget_names(const AppState& app); // JSON array of all names drawn last frame
std::string ui_tooltip(const AppState& app);      // the formula tooltip shown last frame, or ""
// How soon the picture changes without input, in seconds: 0 while training plays or typed
// text waits to apply, a short while for a lesson's pulsing outline, -1 when nothing moves
// (the desktop loop then sleeps until the next event).
double ui_next_change_in(const AppState& app);

} // namespace attn::ui
