// attnviz platform layer: the C functions the page calls through ccall/cwrap
// (web/attnviz.js wraps them as window.attnviz). Exported by name with
// -sEXPORTED_FUNCTIONS in app/CMakeLists.txt, so no Emscripten header is needed here.
// Strings returned to JavaScript live in one reply buffer, valid until the next call;
// cwrap copies them out (UTF8ToString) at once.
#include "app.h"
#include "ui/training.h"
#include "ui/ui.h"

#include <cstdio>
#include <string>

using namespace attn::ui;

namespace {
struct {
    std::string reply;
} api;

const char* reply(std::string text) { return api_reply(std::move(text)); }
} // namespace

const char* api_reply(std::string text)
{
    api.reply = std::move(text);
    return api.reply.c_str();
}

extern "C" {

// Replaces the scenario. Returns "" on success, else the core's message (scenario kept).
const char* attnviz_set_scenario(const char* json)
{
    std::string error;
    if (ui_set_scenario_json(app_state(), json ? json : "", &error))
        return reply("");
    return reply(error.empty() ? "invalid scenario" : error);
}

const char* attnviz_get_scenario() { return reply(ui_scenario_json(app_state())); }

// The result JSON, the same as attnviz-cli prints.
const char* attnviz_get_result() { return reply(ui_result_json(app_state())); }

void attnviz_select_query(int token_index) { ui_select_query(app_state(), token_index); }

// {"x":…,"y":…,"w":…,"h":…} in logical (= CSS) pixels relative to the canvas, or "null".
const char* attnviz_widget_rect(const char* name)
{
    float xywh[4];
    if (!name || !ui_widget_rect(app_state(), name, xywh))
        return reply("null");
    char text[160];
    std::snprintf(text, sizeof text, "{\"x\":%.2f,\"y\":%.2f,\"w\":%.2f,\"h\":%.2f}", xywh[0], xywh[1], xywh[2], xywh[3]);
    return reply(text);
}

// JSON array of the widget names drawn in the last frame.
const char* attnviz_widget_names() { return reply(ui_widget_names(app_state())); }

int attnviz_frame_count() { return app_frame_count(); }

// CPU time of the last frame in milliseconds (tests/browser/bench_frame.mjs reads it).
double attnviz_frame_ms() { return app_frame_ms(); }
double attnviz_ui_ms() { return app_ui_ms(); }

// The formula tooltip shown in the last frame, or "".
const char* attnviz_tooltip() { return reply(ui_tooltip(app_state())); }

// {"id","title","step","steps","done"} of the open lesson (steps 1-based), or "null".
const char* attnviz_lesson() { return reply(ui_lesson_json(app_state())); }

// Opens step `step` (1-based) of lesson `id`. Returns "" or why it could not.
const char* attnviz_open_lesson(const char* id, int step)
{
    std::string error;
    if (ui_open_lesson(app_state(), id ? id : "", step, &error))
        return reply("");
    return reply(error);
}

void attnviz_leave_lesson() { ui_leave_lesson(app_state()); }

// Progress as saved by the page (localStorage); reopens the lesson that was open.
void attnviz_restore_progress(const char* json) { ui_restore_progress(app_state(), json ? json : ""); }

// The training playground: its state as JSON ({"step","running","config","latest",…}) or "null".
const char* attnviz_training() { return reply(ui_training_json(app_state())); }

// Opens the playground with a configuration JSON ({"task": "reverse", …}). Returns "" or why not.
const char* attnviz_open_training(const char* config_json)
{
    std::string error;
    if (ui_open_training(app_state(), config_json ? config_json : "", &error))
        return reply("");
    return reply(error);
}

// play, pause, step (count steps), reset, example (count = index), leave. Returns "" or why not.
const char* attnviz_training_control(const char* action, int count)
{
    std::string error;
    if (ui_training_control(app_state(), action ? action : "", count, &error))
        return reply("");
    return reply(error);
}

// Shows the learner's own example ("b f a a f h", "3 1 4 0"). Returns "" or why not.
const char* attnviz_training_try(const char* text)
{
    std::string error;
    if (ui_training_try(app_state(), text ? text : "", &error))
        return reply("");
    return reply(error);
}

} // extern "C"
