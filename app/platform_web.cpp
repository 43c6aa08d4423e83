// attnviz platform layer, browser: WebGL2, devicePixelRatio, the abort path, EM_JS and
// the browser's main loop. The page restores lesson progress itself once it is up
// (web/attnviz.js calls attnviz_restore_progress).
#include "app.h"
#include "platform.h"
#include "ui/ui.h"

#include <SDL.h>
#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <string>

using namespace attn::ui;

namespace {

// Lesson progress survives a reload in localStorage: web/attnviz.js stores it and keeps
// the #lesson=…&step=… (and #train=…) link current.
EM_JS(void, js_save_progress, (const char* json), {
    if (window.attnvizSaveProgress) window.attnvizSaveProgress(UTF8ToString(json));
});

void save_progress(const std::string& json)
{
    js_save_progress(json.c_str());
}

// [SECTION] Input methods and the clipboard
// A canvas receives key presses but no IME composition: web/attnviz.js keeps a hidden
// textarea focused at ImGui's caret while a text field is active, so the input method's
// candidate window opens there, and hands what it commits to attnviz_text_input().

EM_JS(void, js_text_field, (int active, float x, float y, float line_height), {
    if (window.attnvizTextField) window.attnvizTextField(active !== 0, x, y, line_height);
});

// Model mode's "Open a model…": the page's file picker (web/model_loader.js).
EM_JS(void, js_open_model_files, (), {
    if (window.attnvizOpenModelFiles) window.attnvizOpenModelFiles();
});

EM_JS(void, js_copy, (const char* text), {
    if (window.attnvizCopy) window.attnvizCopy(UTF8ToString(text));
});

struct {
    std::string clipboard; // the browser's clipboard as of the last paste event (or our own copy)
    std::string typed;     // committed text waiting for the next frame (when SDL takes no text events)
} web;

void set_text_field(ImGuiViewport*, ImGuiPlatformImeData* data)
{
    js_text_field(data->WantVisible ? 1 : 0, data->InputPos.x, data->InputPos.y, data->InputLineHeight);
}

void copy_to_clipboard(void*, const char* text)
{
    web.clipboard = text ? text : "";
    js_copy(web.clipboard.c_str());
}

const char* clipboard_text(void*) { return web.clipboard.c_str(); }

// [SECTION] Files and links (issue 14): web/links.js downloads, picks files and copies links.

EM_JS(void, js_download, (const char* name, const char* data, int size), {
    if (window.attnvizDownload) window.attnvizDownload(UTF8ToString(name), HEAPU8.slice(data, data + size));
});
EM_JS(void, js_pick_file, (), {
    if (window.attnvizPickFile) window.attnvizPickFile();
});
EM_JS(void, js_copy_link, (), {
    if (window.attnvizCopyLink) window.attnvizCopyLink();
});

std::string download(const std::string& name, const std::string& bytes, std::string&)
{
    js_download(name.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    return "downloaded " + name;
}

} // namespace

extern "C" {

// Text an input method (or the browser's insertText, or a paste) committed. It joins SDL's
// queue as typed text, in order with the key presses around it: handed to ImGui after
// the frame's key events instead, "猫" typed just before Enter arrived after the Enter,
// when the field had already closed, and was lost. (SDL's text events hold 31 bytes;
// longer text is cut between characters.)
EMSCRIPTEN_KEEPALIVE void attnviz_text_input(const char* utf8)
{
    if (!utf8)
        return;
    const std::string text = utf8;
    for (size_t at = 0; at < text.size();) {
        size_t end = std::min(text.size(), at + sizeof(SDL_TextInputEvent::text) - 1);
        while (end < text.size() && end > at && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end; // not inside a character
        SDL_Event event{};
        event.text.type = SDL_TEXTINPUT;
        event.text.timestamp = SDL_GetTicks();
        std::memcpy(event.text.text, text.data() + at, end - at);
        if (SDL_PushEvent(&event) != 1)
            web.typed.append(text, at, end - at); // text events are off: straight to ImGui
        at = end;
    }
}

// The page's paste event: what Ctrl+V in a field inserts next.
EMSCRIPTEN_KEEPALIVE void attnviz_paste(const char* utf8) { web.clipboard = utf8 ? utf8 : ""; }

} // extern "C"


bool platform_parse_options(int, char**, WindowOptions&)
{
    return true; // the page passes everything through its link (#lesson=…, #train=…)
}

int platform_startup_failed()
{
    std::abort();
}

GlContext platform_gl_context()
{
    return {SDL_GL_CONTEXT_PROFILE_ES, "#version 300 es"};
}

void platform_start(AppState& app)
{
    app.save_progress = save_progress;
    app.files.deliver = download;
    app.files.pick = [] { js_pick_file(); };
    app.files.copy_link = [] { js_copy_link(); };
    app.open_model_files = [] { js_open_model_files(); };
    // After the SDL2 backend's own (SDL's clipboard is a private buffer in the browser).
    ImGuiIO& io = ImGui::GetIO();
    io.SetPlatformImeDataFn = set_text_field;
    io.SetClipboardTextFn = copy_to_clipboard;
    io.GetClipboardTextFn = clipboard_text;
    io.ClipboardUserData = nullptr;
}

// SDL resizes the canvas backing store on window 'resize' events only; a devicePixelRatio
// change without one (the window moved to another screen) would leave it blurry.
// Re-setting the same size makes SDL re-read the ratio and resize the backing store.
void platform_event(const SDL_Event&, AppState&) {} // the page handles drops itself (web/links.js)

void platform_before_frame(SDL_Window* window)
{
    if (!web.typed.empty()) {
        ImGui::GetIO().AddInputCharactersUTF8(web.typed.c_str());
        web.typed.clear();
    }
    int window_w = 0, window_h = 0, pixels_w = 0, pixels_h = 0;
    SDL_GetWindowSize(window, &window_w, &window_h);
    SDL_GL_GetDrawableSize(window, &pixels_w, &pixels_h);
    const double expected_w = std::floor(window_w * emscripten_get_device_pixel_ratio());
    if (window_w > 0 && window_h > 0 && std::fabs(expected_w - pixels_w) > 1.0)
        SDL_SetWindowSize(window, window_w, window_h);
}

void platform_after_render(SDL_Window*, const AppState&, int, LoopState&) {}

namespace {

// [SECTION] Drawing only when something changes
// The browser calls us once per animation frame; drawing the same picture again costs a core
// (all of it under SwiftShader, the browser tests' software WebGL) or a laptop's battery. As
// the desktop loop does (platform_native.cpp), the page draws while input arrives and for
// kFramesAfterWake frames after it (ImGui settles hover states, tooltips and auto-sized
// windows over a few frames), while ui_next_change_in says the picture moves, and after any
// call from JavaScript into the app: web/attnviz.js sets Module.attnvizCalled on every
// cwrap/ccall call (window.attnviz, links, files, the model loader, typed text). A frame
// skipped leaves the canvas's last picture on screen.
constexpr int kFramesAfterWake = 30;
constexpr double kCaretBlinkSeconds = 0.5; // a text field's caret still blinks while idle

EM_JS(int, js_take_calls, (), {
    var called = Module.attnvizCalled ? 1 : 0;
    Module.attnvizCalled = false;
    return called;
});

struct {
    void (*frame)() = nullptr;
    int frames_left = kFramesAfterWake;
    double last_drawn = 0.0; // seconds (emscripten_get_now)
} idle;

// A devicePixelRatio change without a resize event (see platform_before_frame).
bool backing_store_stale()
{
    SDL_Window* window = SDL_GL_GetCurrentWindow();
    if (!window)
        return false;
    int window_w = 0, window_h = 0, pixels_w = 0, pixels_h = 0;
    SDL_GetWindowSize(window, &window_w, &window_h);
    SDL_GL_GetDrawableSize(window, &pixels_w, &pixels_h);
    return window_w > 0 && std::fabs(std::floor(window_w * emscripten_get_device_pixel_ratio()) - pixels_w) > 1.0;
}

void frame_if_needed()
{
    SDL_PumpEvents();
    const bool woken = js_take_calls() != 0;
    if (woken || !web.typed.empty() || SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT))
        idle.frames_left = kFramesAfterWake;
    const double now = emscripten_get_now() / 1000.0;
    const double change_in = ui_next_change_in(app_state());
    const bool due = (change_in >= 0.0 && now - idle.last_drawn >= change_in) ||
                     (ImGui::GetIO().WantTextInput && now - idle.last_drawn >= kCaretBlinkSeconds);
    if (idle.frames_left <= 0 && !due && !backing_store_stale())
        return;
    if (idle.frames_left > 0)
        --idle.frames_left;
    idle.last_drawn = now;
    idle.frame();
}

} // namespace

void platform_run(void (*frame)(), const LoopState&)
{
    // The browser calls frame_if_needed() once per animation frame; with simulate_infinite_loop
    // main() never returns here, so what follows it in main() does not run on the web.
    idle.frame = frame;
    emscripten_set_main_loop(frame_if_needed, 0, true);
}
