// attnviz platform layer: the page's C functions for the interface language (issue 15),
// beside api.cpp and exported the same way (app/CMakeLists.txt). web/attnviz.js calls
// them with the language of #lang=…, the saved progress or navigator.languages.
#include "app.h"
#include "ui/ui.h"

#include <string>

using namespace attn::ui;

namespace {
struct {
    std::string reply;
} api_i18n;
} // namespace

extern "C" {

// "en" or "zh".
const char* attnviz_language()
{
    api_i18n.reply = app_state().language;
    return api_i18n.reply.c_str();
}

// chosen = 1: the user's choice (the switch, a #lang= link), saved with the progress; 0: the
// browser's preference, used unless the user has chosen. Returns "" or why not.
const char* attnviz_set_language(const char* code, int chosen)
{
    const std::string lang = code ? code : "";
    const bool ok = chosen ? ui_set_language(app_state(), lang) : (ui_default_language(app_state(), lang), true);
    api_i18n.reply = ok ? "" : "no language “" + lang + "” (attnviz speaks en and zh)";
    return api_i18n.reply.c_str();
}

} // extern "C"
