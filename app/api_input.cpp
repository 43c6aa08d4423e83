// attnviz platform layer, the page: where typing goes, for the browser tests (window.attnviz.input()).
// A test, like a user who waits for the caret, types only once a field is active, and reads
// the outcome only once ImGui has taken in every queued key (web/attnviz.js, tests/browser/harness.mjs).
// Reads ImGui's internal state (imgui_internal.h): the active field's text, the keyboard
// focus and the input queue have no public accessor.
#include "app.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace attn::ui;

namespace {

// The smallest named widget (attnviz.widgetRect's names) that holds the point, or null.
nlohmann::json widget_at(const AppState& app, float x, float y) {
    const std::string* best = nullptr;
    float best_area = 0.0f;
    for (const auto& [name, r] : app.last_widget_rects) {
        if (x < r.x || y < r.y || x > r.x + r.w || y > r.y + r.h) continue;
        const float area = r.w * r.h;
        if (!best || area < best_area) best = &name, best_area = area;
    }
    return best ? nlohmann::json(*best) : nlohmann::json();
}

} // namespace

extern "C" {

// {"text_field", "field", "text", "caret", "focus", "pending"}: whether a text field is active (its
// caret drawn in the last frame), the named widget under its caret and its text; the widget
// with the keyboard focus (Tab's); how many input events ImGui still has queued (it takes in
// a key change and the text after it in separate frames), in SDL's queue and ImGui's.
const char* attnviz_input_state() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const AppState& app = app_state();
    nlohmann::json out;
    const ImGuiPlatformImeData& ime = g.PlatformImeData;
    out["text_field"] = ime.WantVisible;
    out["field"] = nullptr;
    out["text"] = nullptr;
    out["caret"] = nullptr;
    if (ime.WantVisible) {
        const float x = ime.InputPos.x + 1.0f, y = ime.InputPos.y + ime.InputLineHeight * 0.5f;
        out["caret"] = {{"x", x}, {"y", y}};
        out["field"] = widget_at(app, x, y);
        if (const ImGuiInputTextState* s = ImGui::GetInputTextState(g.ActiveId)) {
            std::vector<char> utf8(static_cast<size_t>(s->CurLenW) * 4 + 1);
            ImTextStrToUtf8(utf8.data(), static_cast<int>(utf8.size()), s->TextW.Data, s->TextW.Data + s->CurLenW);
            out["text"] = utf8.data();
        }
    }
    out["focus"] = nullptr;
    if (g.NavWindow && g.NavId) {
        const ImRect r = ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[g.NavLayer]);
        out["focus"] = widget_at(app, (r.Min.x + r.Max.x) * 0.5f, (r.Min.y + r.Max.y) * 0.5f);
    }
    // SDL's queue too: the browser's key events wait there for the next frame's poll.
    const int sdl_queued = SDL_PeepEvents(nullptr, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT);
    out["pending"] = g.InputEventsQueue.Size + (sdl_queued > 0 ? sdl_queued : 0);
    return api_reply(out.dump());
}

} // extern "C"
