// attnviz platform layer, browser: WebGL2, devicePixelRatio, the abort path, EM_JS and
// the browser's main loop. The page restores lesson progress itself once it is up
// (web/attnviz.js calls attnviz_restore_progress).
#include "platform.h"

#include <SDL.h>
#include <emscripten.h>

#include <cmath>
#include <cstdlib>

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

} // namespace

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
}

// SDL resizes the canvas backing store on window 'resize' events only; a devicePixelRatio
// change without one (the window moved to another screen) would leave it blurry.
// Re-setting the same size makes SDL re-read the ratio and resize the backing store.
void platform_before_frame(SDL_Window* window)
{
    int window_w = 0, window_h = 0, pixels_w = 0, pixels_h = 0;
    SDL_GetWindowSize(window, &window_w, &window_h);
    SDL_GL_GetDrawableSize(window, &pixels_w, &pixels_h);
    const double expected_w = std::floor(window_w * emscripten_get_device_pixel_ratio());
    if (window_w > 0 && window_h > 0 && std::fabs(expected_w - pixels_w) > 1.0)
        SDL_SetWindowSize(window, window_w, window_h);
}

void platform_after_render(SDL_Window*, const AppState&, int, LoopState&) {}

void platform_run(void (*frame)(), const LoopState&)
{
    // The browser calls frame() once per animation frame; with simulate_infinite_loop
    // main() never returns here, so what follows it in main() does not run on the web.
    emscripten_set_main_loop(frame, 0, true);
}
