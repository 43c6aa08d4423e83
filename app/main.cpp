// attnviz platform layer: the one file that knows about SDL2, OpenGL and the browser.
// The same code runs natively (SDL2 + OpenGL 3.0, "#version 130") and in the browser
// (our own SDL2 build + WebGL2 = OpenGL ES 3.0, "#version 300 es"). Following sokol's
// inverted loop, everything per frame happens in frame(), called by a native loop or by
// emscripten_set_main_loop; the UI gets the platform facts as a PlatformInfo struct.
//
// Index:
// [SECTION] Includes and platform state
// [SECTION] Fonts (crisp HiDPI text, CJK subset)
// [SECTION] Textures for the UI (TextureApi)
// [SECTION] Frame
// [SECTION] Lessons and progress
// [SECTION] Native command line and screenshots
// [SECTION] Entry point

//-----------------------------------------------------------------------------
// [SECTION] Includes and platform state
//-----------------------------------------------------------------------------

#include "app.h"
#include "../ui/training.h"
#include "../ui/ui.h"
#include <nlohmann/json.hpp>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>
#include <SDL.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#else
#include "screenshot.h"
#include <SDL_opengl.h>
#endif

namespace {

constexpr float kFontSize = 16.0f;                       // logical pixels
constexpr float kClearColor[3] = {0.06f, 0.06f, 0.06f};  // ImGui's dark WindowBg (#0f0f0f); index.html matches

struct Options {
    int width = 1280, height = 800;     // initial window size (logical pixels)
    std::string screenshot_path;        // native: render `frames` frames, save a PNG, exit
    int frames = 10;
    std::string scenario_path;          // native: start with this scenario JSON
    std::string lesson_id;              // native: open this lesson (the page uses #lesson=…&step=…)
    int lesson_step = 1;
    std::string train_task;             // native: open the training playground on this task, playing
};

struct {
    Options options;
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    AppState app;
    float font_dpi_scale = 0.0f;        // the DPI scale the font atlas was rasterised for (0 = none yet)
    int frame_count = 0;
    double frame_ms = 0.0;              // CPU time of the last frame() up to the swap (for benchmarks)
    double ui_ms = 0.0;                 // … of which NewFrame + ui_frame + Render
    bool quit = false;
    int exit_code = 0;
} g;

#ifdef ATTNVIZ_FONT_PATH
// Exactly the code points in the subset font, generated with it by app/make_font_subset.py.
const ImWchar kFontGlyphRanges[] = {
#include "attnviz_font_ranges.inc"
    0};
#endif

} // namespace

AppState& app_state() { return g.app; }
int app_frame_count() { return g.frame_count; }
double app_frame_ms() { return g.frame_ms; }
double app_ui_ms() { return g.ui_ms; }

//-----------------------------------------------------------------------------
// [SECTION] Fonts (crisp HiDPI text, CJK subset)
//-----------------------------------------------------------------------------

// Text is rasterised at the framebuffer's resolution (size × dpi_scale) and drawn at
// 1/dpi_scale, so on a devicePixelRatio-2 screen glyphs map 1:1 to physical pixels
// instead of being a magnified 16 px bitmap.
static void build_fonts(float dpi_scale)
{
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    // The whole point of rasterising at the physical size is to need no oversampling;
    // it would also double the atlas of ~4000 CJK glyphs.
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    ImFont* font = nullptr;
#ifdef ATTNVIZ_FONT_PATH
    if (FILE* probe = std::fopen(ATTNVIZ_FONT_PATH, "rb")) {
        std::fclose(probe);
        font = io.Fonts->AddFontFromFileTTF(ATTNVIZ_FONT_PATH, kFontSize * dpi_scale, &config, kFontGlyphRanges);
    }
    if (!font)
        std::fprintf(stderr, "attnviz: warning: font %s missing; using ImGui's default font (no CJK)\n", ATTNVIZ_FONT_PATH);
#else
    std::fprintf(stderr, "attnviz: warning: built without the CJK font subset; using ImGui's default font\n");
#endif
    if (!font) {
        config.SizePixels = 13.0f * dpi_scale;
        io.Fonts->AddFontDefault(&config);
    }
    io.FontGlobalScale = 1.0f / dpi_scale;
    g.font_dpi_scale = dpi_scale;
}

// Rebuilds the atlas when the DPI scale changes (a window dragged to another screen,
// browser zoom). Must run before NewFrame.
static void update_fonts(float dpi_scale)
{
    if (std::fabs(dpi_scale - g.font_dpi_scale) < 0.01f)
        return;
    const bool had_texture = g.font_dpi_scale != 0.0f;
    build_fonts(dpi_scale);
    if (had_texture) { // the first texture is created by ImGui_ImplOpenGL3_NewFrame
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Textures for the UI (TextureApi)
//-----------------------------------------------------------------------------

// Heatmaps of large matrices are one texture instead of one rectangle per cell.
static void* upload_rgba_texture(void* existing, const std::uint32_t* rgba, int w, int h, void*)
{
    GLuint texture = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(existing));
    if (texture == 0) {
        glGenTextures(1, &texture);
        glBindTexture(GL_TEXTURE_2D, texture);
        // Nearest: each matrix cell is a crisp block, never blended with its neighbours.
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    } else {
        glBindTexture(GL_TEXTURE_2D, texture);
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    return reinterpret_cast<void*>(static_cast<std::uintptr_t>(texture));
}

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------

// SDL resizes the canvas backing store on window 'resize' events only; a devicePixelRatio
// change without one (the window moved to another screen) would leave it blurry.
// Re-setting the same size makes SDL re-read the ratio and resize the backing store.
static void follow_device_pixel_ratio()
{
#ifdef __EMSCRIPTEN__
    int window_w = 0, window_h = 0, pixels_w = 0, pixels_h = 0;
    SDL_GetWindowSize(g.window, &window_w, &window_h);
    SDL_GL_GetDrawableSize(g.window, &pixels_w, &pixels_h);
    const double expected_w = std::floor(window_w * emscripten_get_device_pixel_ratio());
    if (window_w > 0 && window_h > 0 && std::fabs(expected_w - pixels_w) > 1.0)
        SDL_SetWindowSize(g.window, window_w, window_h);
#endif
}

static PlatformInfo platform_info()
{
    int window_w = 0, window_h = 0, pixels_w = 0, pixels_h = 0;
    SDL_GetWindowSize(g.window, &window_w, &window_h);
    SDL_GL_GetDrawableSize(g.window, &pixels_w, &pixels_h);
    PlatformInfo pf;
    pf.width = static_cast<float>(window_w);
    pf.height = static_cast<float>(window_h);
    // On the web SDL sizes the canvas backing store to CSS size × devicePixelRatio,
    // so this ratio is devicePixelRatio there (SDL_WINDOW_ALLOW_HIGHDPI).
    pf.dpi_scale = window_w > 0 ? static_cast<float>(pixels_w) / static_cast<float>(window_w) : 1.0f;
    if (!(pf.dpi_scale > 0.0f))
        pf.dpi_scale = 1.0f;
    pf.time = static_cast<double>(SDL_GetTicks64()) / 1000.0;
    return pf;
}

static void save_screenshot_and_quit();

// After printing why: natively exit status 1; on the web an abort, which the page's
// Module.onAbort turns into a visible message quoting what was printed.
static int startup_failed()
{
#ifdef __EMSCRIPTEN__
    std::abort();
#endif
    return 1;
}

// One frame as a pipeline: input → UI (which recomputes when the scenario changed) → draw.
static void frame()
{
    const Uint64 frame_start = SDL_GetPerformanceCounter();
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_QUIT)
            g.quit = true;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
            event.window.windowID == SDL_GetWindowID(g.window))
            g.quit = true;
    }

    follow_device_pixel_ratio();
    const PlatformInfo pf = platform_info();
    update_fonts(pf.dpi_scale);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    const Uint64 ui_start = SDL_GetPerformanceCounter();
    ImGui::NewFrame();
    ui_frame(g.app, pf);
    ImGui::Render();
    g.ui_ms = 1000.0 * static_cast<double>(SDL_GetPerformanceCounter() - ui_start) /
              static_cast<double>(SDL_GetPerformanceFrequency());

    int pixels_w = 0, pixels_h = 0;
    SDL_GL_GetDrawableSize(g.window, &pixels_w, &pixels_h);
    glViewport(0, 0, pixels_w, pixels_h);
    glClearColor(kClearColor[0], kClearColor[1], kClearColor[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g.frame_ms = 1000.0 * static_cast<double>(SDL_GetPerformanceCounter() - frame_start) /
                 static_cast<double>(SDL_GetPerformanceFrequency());
    g.frame_count++;
    if (!g.options.screenshot_path.empty() && g.frame_count >= g.options.frames)
        save_screenshot_and_quit(); // reads the back buffer, so before the swap
    SDL_GL_SwapWindow(g.window);
}

//-----------------------------------------------------------------------------
// [SECTION] Lessons and progress
//-----------------------------------------------------------------------------

// Lesson progress survives a restart: in the browser in localStorage (web/attnviz.js
// stores it and keeps the #lesson=…&step=… link current), on the desktop in a file in
// the user's config folder.
#ifdef __EMSCRIPTEN__
EM_JS(void, js_save_progress, (const char* json), {
    if (window.attnvizSaveProgress) window.attnvizSaveProgress(UTF8ToString(json));
});

static void save_progress(const std::string& json)
{
    js_save_progress(json.c_str());
}
#else
static std::string progress_path()
{
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    if (xdg && *xdg)
        return std::string(xdg) + "/attnviz/progress.json";
    return home && *home ? std::string(home) + "/.config/attnviz/progress.json" : std::string();
}

static void save_progress(const std::string& json)
{
    const std::string path = progress_path();
    if (path.empty())
        return;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << json;
}

static void restore_progress()
{
    std::ifstream file(progress_path(), std::ios::binary);
    if (!file)
        return;
    std::ostringstream text;
    text << file.rdbuf();
    ui_restore_progress(g.app, text.str());
    if (g.app.lesson.active >= 0)
        std::printf("attnviz: resuming lesson %s at step %d (progress in %s)\n",
                    g.app.lesson.lessons[g.app.lesson.active].id.c_str(), g.app.lesson.step + 1, progress_path().c_str());
}
#endif

static void load_lessons()
{
    ui_load_lessons(g.app, ATTNVIZ_LESSON_DIR);
    for (const std::string& e : g.app.lesson.load_errors)
        std::fprintf(stderr, "attnviz: lesson not loaded: %s\n", e.c_str());
#ifndef __EMSCRIPTEN__
    restore_progress(); // the page restores its own once it is up (web/attnviz.js)
#endif
    g.app.save_progress = save_progress;
}

//-----------------------------------------------------------------------------
// [SECTION] Native command line and screenshots
//-----------------------------------------------------------------------------

static void print_usage()
{
    std::printf("usage: attnviz [--size WxH] [--scenario FILE] [--lesson ID [--step N]] [--train TASK]\n"
                "              [--screenshot PATH [--frames N]]\n"
                "  --size WxH         initial window size in logical pixels (default 1280x800)\n"
                "  --scenario FILE    start with this scenario JSON (on error: message, default kept)\n"
                "  --lesson ID        open a lesson of assets/lessons (ID = file name without .md)\n"
                "  --step N           … at step N (1-based, default 1)\n"
                "  --train TASK       open the training playground on TASK and play (classic, copy,\n"
                "                     reverse, previous, sort); one step per frame\n"
                "  --screenshot PATH  render N frames, save the last one as a PNG, exit\n"
                "  --frames N         frames to render before the screenshot (default 10)\n");
}

// Returns false (after printing why) when the command line is unusable.
static bool parse_options(int argc, char** argv, Options& out)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--help" || arg == "-h") {
            print_usage();
            std::exit(0);
        } else if (arg == "--size" && has_value) {
            if (std::sscanf(argv[++i], "%dx%d", &out.width, &out.height) != 2 || out.width < 64 || out.height < 64) {
                std::fprintf(stderr, "attnviz: --size wants WxH (at least 64x64), got '%s'\n", argv[i]);
                return false;
            }
        } else if (arg == "--screenshot" && has_value) {
            out.screenshot_path = argv[++i];
        } else if (arg == "--frames" && has_value) {
            out.frames = std::atoi(argv[++i]);
            if (out.frames < 1) {
                std::fprintf(stderr, "attnviz: --frames wants a positive number\n");
                return false;
            }
        } else if (arg == "--scenario" && has_value) {
            out.scenario_path = argv[++i];
        } else if (arg == "--lesson" && has_value) {
            out.lesson_id = argv[++i];
        } else if (arg == "--step" && has_value) {
            out.lesson_step = std::atoi(argv[++i]);
        } else if (arg == "--train" && has_value) {
            out.train_task = argv[++i];
        } else {
            std::fprintf(stderr, "attnviz: unknown or incomplete option '%s'\n", arg.c_str());
            print_usage();
            return false;
        }
    }
    return true;
}

static void load_scenario_file(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::fprintf(stderr, "attnviz: cannot read scenario %s; keeping the default\n", path.c_str());
        return;
    }
    std::ostringstream text;
    text << file.rdbuf();
    std::string error;
    if (!ui_set_scenario_json(g.app, text.str(), &error))
        std::fprintf(stderr, "attnviz: scenario %s: %s; keeping the default\n", path.c_str(), error.c_str());
}

static void save_screenshot_and_quit()
{
#ifndef __EMSCRIPTEN__
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(g.window, &w, &h);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w) * h * 4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    if (write_png_bottom_up(g.options.screenshot_path, pixels.data(), w, h)) {
        std::printf("attnviz: wrote %s (%dx%d, %d frames)\n", g.options.screenshot_path.c_str(), w, h, g.frame_count);
        if (g.app.training.open && g.app.training.run) {
            const attn::train::TrainingRun& run = *g.app.training.run;
            std::printf("attnviz: training %s at step %d, held-out accuracy %.1f%%\n", run.task->name.c_str(), run.step,
                        run.evaluations.back().accuracy * 100);
        }
    } else {
        std::fprintf(stderr, "attnviz: cannot write %s\n", g.options.screenshot_path.c_str());
        g.exit_code = 1;
    }
#endif
    g.quit = true;
}

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

int main(int argc, char** argv)
{
    if (!parse_options(argc, argv, g.options))
        return 2;

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "attnviz: SDL_Init failed: %s\n", SDL_GetError());
        return startup_failed();
    }
#ifdef __EMSCRIPTEN__
    // WebGL2 = OpenGL ES 3.0.
    const char* glsl_version = "#version 300 es";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
    const char* glsl_version = "#version 130";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    // RESIZABLE: on the web SDL then follows the canvas's CSS size (index.html makes it
    // fill the window) and listens for resizes; ALLOW_HIGHDPI: backing store × devicePixelRatio.
    const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    g.window = SDL_CreateWindow("attnviz — self-attention, step by step", SDL_WINDOWPOS_CENTERED,
                                SDL_WINDOWPOS_CENTERED, g.options.width, g.options.height, flags);
    if (!g.window) {
        std::fprintf(stderr, "attnviz: SDL_CreateWindow failed: %s\n", SDL_GetError());
        return startup_failed();
    }
    g.gl = SDL_GL_CreateContext(g.window);
    if (!g.gl) {
        std::fprintf(stderr, "attnviz: cannot create an OpenGL 3.0 / WebGL2 context: %s\n", SDL_GetError());
        return startup_failed();
    }
    SDL_GL_MakeCurrent(g.window, g.gl);
    // vsync, except when rendering screenshots as fast as possible.
    SDL_GL_SetSwapInterval(g.options.screenshot_path.empty() ? 1 : 0);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // No imgui.ini: the layout is the same on every start, which screenshots and tests rely on.
    io.IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
    ImGui_ImplOpenGL3_Init(glsl_version);

    g.app.textures.upload = upload_rgba_texture;
    ui_init(g.app);
    load_lessons();
    if (!g.options.scenario_path.empty())
        load_scenario_file(g.options.scenario_path);
    if (!g.options.lesson_id.empty()) {
        std::string error;
        if (!ui_open_lesson(g.app, g.options.lesson_id, g.options.lesson_step, &error))
            std::fprintf(stderr, "attnviz: --lesson: %s\n", error.c_str());
    }
    if (!g.options.train_task.empty()) {
        std::string error;
        const std::string config = nlohmann::json{{"task", g.options.train_task}}.dump();
        if (!ui_open_training(g.app, config, &error) || !ui_training_control(g.app, "play", 0, &error))
            std::fprintf(stderr, "attnviz: --train: %s\n", error.c_str());
    }

#ifdef __EMSCRIPTEN__
    // The browser calls frame() once per animation frame; main() returns to it at once.
    emscripten_set_main_loop(frame, 0, true);
#else
    while (!g.quit)
        frame();
#endif

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(g.gl);
    SDL_DestroyWindow(g.window);
    SDL_Quit();
    return g.exit_code;
}
