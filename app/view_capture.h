// attnviz platform layer: "the whole view as PNG" (File menu, issue 14), on both platforms:
// after a frame is rendered and before it is swapped, the back buffer becomes a PNG that
// goes where every export goes (app.files.deliver).
#pragma once
#include "ui/app_state.h"

struct SDL_Window;

void capture_view_if_asked(SDL_Window* window, attn::ui::AppState& app);
