// attnviz platform layer: what app/ files share. main.cpp owns the one AppState;
// api.cpp (the page's automation API) reaches it through these accessors.
#pragma once
#include "ui/app_state.h"
#include <string>

attn::ui::AppState& app_state(); // the single AppState, owned by main.cpp
int app_frame_count(); // frames completed so far (the page's `ready` waits for the first ones)
double app_frame_ms(); // CPU time of the last frame, input to GL submit, in milliseconds
double app_ui_ms();    // … of which the UI (NewFrame, ui_frame, Render)
// The page's C API (api.cpp, api_links.cpp, api_model.cpp): one reply buffer for the strings
// returned to JavaScript, valid until the next call (cwrap copies them out at once).
const char* api_reply(std::string text);
