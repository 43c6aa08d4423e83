// attnviz platform layer: what main.cpp asks of the platform it was built for. One
// implementation per platform, chosen by CMake (app/CMakeLists.txt), as Tracy picks its
// backend: platform_native.cpp (command line, screenshots, the progress file) and
// platform_web.cpp (EM_JS, devicePixelRatio, the abort path, the browser's main loop).
#pragma once
#include "ui/app_state.h"
#include <string>

struct SDL_Window;
union SDL_Event;

struct WindowOptions {
    int width = 1280, height = 800; // initial window size (logical pixels)
    bool vsync = true;              // off while rendering screenshots as fast as possible
};

struct LoopState {
    bool quit = false;
    int exit_code = 0;
};

// Reads the platform's launch options (natively the command line). Returns false, after
// printing why, when they are unusable (main then exits with status 2).
bool platform_parse_options(int argc, char** argv, WindowOptions& out);
// After printing why: natively exit status 1; on the web an abort, which the page's
// Module.onAbort turns into a visible message quoting what was printed.
int platform_startup_failed();
// The GL context to ask SDL for (both OpenGL 3.0: desktop core profile, or ES = WebGL2)
// and the GLSL version line for the ImGui backend.
struct GlContext {
    int profile;       // SDL_GLprofile
    const char* glsl;
};
GlContext platform_gl_context();
// After ui_init and the lessons are loaded: saved progress, the launch options' scenario,
// lesson and training; installs app.save_progress.
void platform_start(attn::ui::AppState& app);
// Each SDL event, after ImGui has seen it (natively: a file dropped on the window opens).
void platform_event(const SDL_Event& event, attn::ui::AppState& app);
// After the frame's SDL events, before it reads the window size (the web follows
// devicePixelRatio changes and hands ImGui what an input method committed).
void platform_before_frame(SDL_Window* window);
// After the frame is rendered, before the swap (natively: --screenshot reads the back buffer).
void platform_after_render(SDL_Window* window, const attn::ui::AppState& app, int frame_count, LoopState& loop);
// Calls frame() until loop.quit (natively); the browser calls it once per animation frame.
void platform_run(void (*frame)(), const LoopState& loop);
