// attnviz platform layer: model mode's C functions for the page (web/model_loader.js wraps
// them into window.attnviz.openModel, model, selectLayerHead). The page writes a model's
// files into Emscripten's in-memory file system and hands over the folder; nothing leaves
// the machine. Exported with -sEXPORTED_FUNCTIONS (app/CMakeLists.txt).
#include "app.h"
#include "ui/model_mode.h"
#include "ui/ui.h"

#include <string>

using namespace attn::ui;

namespace {
const char* reply(std::string text) { return api_reply(std::move(text)); }
} // namespace

extern "C" {

// What the page is doing with a model's files, shown in the panel and the header's button
// ("reading model.safetensors… 12 of 548 MB"); progress < 0 when done.
void attnviz_model_status(const char* text, double progress)
{
    ModelState& m = model_state(app_state());
    m.status = text ? text : "";
    m.status_progress = progress;
}

// A problem the page found before the core saw the files (a missing file): shown like the core's.
void attnviz_model_error(const char* text) { model_state(app_state()).error = text ? text : ""; }

// The shipped model's folder, once its files are in the file system: the Model button opens it.
void attnviz_model_default(const char* dir) { model_state(app_state()).default_dir = dir ? dir : ""; }

// Loads a GPT-2 folder and (open != 0) enters model mode on it. Returns "" or the core's
// message (the previous model stays).
const char* attnviz_load_model(const char* dir, int open)
{
    std::string error;
    if (!model_load_folder(app_state(), dir ? dir : "", &error))
        return reply(error);
    if (open && !model_open(app_state(), &error))
        return reply(error);
    return reply("");
}

// Enters model mode (the shipped model when none was opened). Returns "" or why not.
const char* attnviz_open_model_mode()
{
    std::string error;
    return reply(model_open(app_state(), &error) ? "" : error);
}

void attnviz_leave_model() { model_leave(app_state()); }

void attnviz_model_text(const char* text) { model_set_text(app_state(), text ? text : ""); }

// {"loaded","open","name","config","ids","tokens","layer","head","busy","progress","next",…}
const char* attnviz_model() { return reply(ui_model_json(app_state())); }

const char* attnviz_select_layer_head(int layer, int head)
{
    std::string error;
    return reply(ui_select_layer_head(app_state(), layer, head, &error) ? "" : error);
}

} // extern "C"
