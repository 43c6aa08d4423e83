// attnviz UI: all state that survives frames, in one place.
#pragma once
#include "../core/result.h"
#include "../core/scenario.h"
#include <map>
#include <memory>
#include <string>

struct WidgetRect { float x, y, w, h; };

struct AppState {
    attn::Scenario scenario;                        // what the user edits
    std::shared_ptr<const attn::Result> result;     // last good result (kept when an edit is invalid)
    std::string error;                              // why the current scenario could not be computed
    bool dirty = true;                              // scenario changed since `result` was computed

    int selected_query = 0;                         // query token i, highlighted in every panel
    int selected_head = 0;
    bool show_all_heads = false;

    char sentence[1024] = "";                       // the token text field
    std::map<std::string, WidgetRect> widget_rects; // named widgets drawn last frame (for tests)
};
