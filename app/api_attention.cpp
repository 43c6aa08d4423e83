// attnviz platform layer: attention files for the page (web/attention_drop.js wraps these
// into window.attnviz.openAttention and attention). The page writes a dropped or picked
// file into Emscripten's in-memory file system and hands over its path; the core reads it
// (safetensors streamed into the weights) and the page removes it.
#include "app.h"
#include "ui/attention_import.h"
#include "ui/ui.h"

#include <string>

using namespace attn::ui;

extern "C" {

// Shows the attention file at `path` in model mode. Returns "" or the core's message
// (what was shown stays). `name` is the file's own name, which starts every message.
const char* attnviz_open_attention(const char* path)
{
    std::string error;
    return api_reply(attention_open_path(app_state(), path ? path : "", &error) ? "" : error);
}

// ui_attention_json(): {"open","name","model","format","tokens","n_layers","n_heads","T","causal",…}
const char* attnviz_attention() { return api_reply(ui_attention_json(app_state())); }

// Back to the GPT-2 run (or out of model mode when no model is loaded).
void attnviz_close_attention() { attention_close(app_state()); }

} // extern "C"
