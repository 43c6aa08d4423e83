// attnviz platform layer: the page's C API for links and files (issue 14), called by
// web/links.js through cwrap; exported in app/CMakeLists.txt. The page compresses and
// decompresses links itself (CompressionStream 'deflate-raw'); what the state JSON holds
// and how it opens is the UI's (ui/link_state.h), the same code as the desktop's.
#include "app.h"
#include "ui/files.h"
#include "ui/link_state.h"

#include <string>

using namespace attn::ui;

namespace {
const char* reply(std::string text) { return api_reply(std::move(text)); }
} // namespace

extern "C" {

// The state a #s=1.… link carries, as JSON text (web/links.js compresses it).
const char* attnviz_link_state() { return reply(ui_link_state_json(app_state())); }

// "lesson=ID&step=N" or "train=TASK&seed=N" while one is open, else "".
const char* attnviz_place() { return reply(ui_place_fragment(app_state())); }

// Opens a link's decompressed state. Returns "" or why not (also shown in the app).
const char* attnviz_open_link_state(const char* json)
{
    AppState& app = app_state();
    return reply(ui_open_link_json(app, json ? json : "") ? "" : app.notice);
}

// Shows a message in the app (a link the page could not even decompress).
void attnviz_set_notice(const char* text) { ui_notice(app_state(), text ? text : ""); }

// The message the app shows ("" when none).
const char* attnviz_notice() { return reply(app_state().notice); }

// Opens a file's bytes (a drop, the file picker). Returns "" or why not (also shown in the app).
const char* attnviz_open_file(const char* name, const char* data, int size)
{
    AppState& app = app_state();
    const bool ok = ui_open_file(app, name ? name : "file", std::string(data ? data : "", data ? static_cast<std::size_t>(size) : 0));
    return reply(ok ? "" : app.notice);
}

// An export by name (ui/files.h: "weights.png", "q.csv", "result.json", …): downloads it.
// Returns "" or why not.
const char* attnviz_export(const char* what)
{
    std::string error;
    return reply(ui_export(app_state(), what ? what : "", error) ? "" : error);
}

} // extern "C"
