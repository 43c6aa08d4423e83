// attnviz platform layer: what the desktop app and the page share — the SDL2 window, the
// GL context, fonts, textures and the frame. It runs natively (SDL2 + OpenGL 3.0) and in
// the browser (our own SDL2 build + WebGL2 = OpenGL ES 3.0); what differs lives in
// platform_native.cpp / platform_web.cpp (platform.h), chosen by CMake. Following sokol's
// inverted loop, everything per frame happens in frame(), called by a native loop or by
// emscripten_set_main_loop; the UI gets the platform facts as a PlatformInfo struct.
//
// Index:
// [SECTION] Includes and platform state
// [SECTION] Fonts (crisp HiDPI text, CJK subset)
// [SECTION] Textures for the UI (TextureApi)
// [SECTION] The whole view at 2× (view_capture.h)
// [SECTION] Frame
// [SECTION] Entry point

//-----------------------------------------------------------------------------
// [SECTION] Includes and platform state
//-----------------------------------------------------------------------------

#include "app.h"
#include "platform.h"
#include "platform_gl.h"
#include "view_capture.h"
#include "ui/i18n.h"
#include "ui/ui.h"

#include <imgui.h>
#include <imgui_internal.h> // WantTextInputNextFrame: was a text field active in the last frame
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>
#include <SDL.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

using namespace attn::ui;

namespace {

constexpr float kFontSize = 16.0f;                       // logical pixels
constexpr float kClearColor[3] = {0.06f, 0.06f, 0.06f};  // ImGui's dark WindowBg (#0f0f0f); index.html matches

// The fonts of one frame drawn at 2× ([SECTION] The whole view at 2×).
struct CaptureFonts {
    ImFontAtlas atlas;
    GLuint texture = 0;
    ImFontAtlas* screen = nullptr; // the screen's atlas, put back by end_capture_fonts
    float screen_global_scale = 1.0f;
    ~CaptureFonts() { glDeleteTextures(1, &texture); }
};

struct {
    WindowOptions options;
    LoopState loop;
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    AppState app;
    float font_dpi_scale = 0.0f;        // the DPI scale the font atlas was rasterised for (0 = none yet)
    int frame_count = 0;
    double frame_ms = 0.0;              // CPU time of the last frame() up to the swap (for benchmarks)
    double ui_ms = 0.0;                 // … of which NewFrame + ui_frame + Render
    std::unique_ptr<CaptureFonts> capture_fonts; // the fonts of the last frame drawn at 2×
    std::string title_language;         // the language of the window's (the page's) title
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
// instead of being a magnified 16 px bitmap. Returns whether the UI font (not ImGui's
// default) went in.
static bool add_ui_font(ImFontAtlas& atlas, float dpi_scale)
{
    ImFontConfig config;
    // The whole point of rasterising at the physical size is to need no oversampling;
    // it would also double the atlas of ~4000 CJK glyphs.
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
#ifdef ATTNVIZ_FONT_PATH
    if (FILE* probe = std::fopen(ATTNVIZ_FONT_PATH, "rb")) {
        std::fclose(probe);
        if (atlas.AddFontFromFileTTF(ATTNVIZ_FONT_PATH, kFontSize * dpi_scale, &config, kFontGlyphRanges))
            return true;
    }
#endif
    config.SizePixels = 13.0f * dpi_scale;
    atlas.AddFontDefault(&config);
    return false;
}

static void build_fonts(float dpi_scale)
{
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    if (!add_ui_font(*io.Fonts, dpi_scale)) {
#ifdef ATTNVIZ_FONT_PATH
        std::fprintf(stderr, "attnviz: warning: font %s missing; using ImGui's default font (no CJK)\n", ATTNVIZ_FONT_PATH);
#else
        std::fprintf(stderr, "attnviz: warning: built without the CJK font subset; using ImGui's default font\n");
#endif
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
// [SECTION] The whole view at 2× (view_capture.h)
//-----------------------------------------------------------------------------

// The fonts of a frame drawn at `scale`× the screen's pixels: its own atlas, rasterised at
// that size, swapped in for one frame. Each glyph keeps the screen font's advance (times
// scale), so text lays out exactly as on screen and the picture is the screen's view, only
// sharper: rounding the advances at the larger size would move text by up to half a pixel a
// glyph and shift whatever follows it.
static void begin_capture_fonts(CaptureFonts& c, float scale)
{
    ImGuiIO& io = ImGui::GetIO();
    c.atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight; // ~4000 CJK glyphs at 2×: no room to waste
    add_ui_font(c.atlas, g.font_dpi_scale * scale);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    c.atlas.GetTexDataAsRGBA32(&pixels, &w, &h);
    GLint max_texture = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_texture);
    if (!pixels || w > max_texture || h > max_texture) {
        // The picture is still right, its text magnified from the screen's glyphs.
        std::fprintf(stderr, "attnviz: the %gx font atlas (%dx%d) exceeds the driver's %d; using the screen's\n",
                     static_cast<double>(scale), w, h, static_cast<int>(max_texture));
        return;
    }
    const ImFont* screen_font = io.Fonts->Fonts[0];
    ImFont* font = c.atlas.Fonts[0];
    for (ImFontGlyph& glyph : font->Glyphs)
        if (const ImFontGlyph* on_screen = screen_font->FindGlyphNoFallback(static_cast<ImWchar>(glyph.Codepoint)))
            glyph.AdvanceX = on_screen->AdvanceX * scale;
    font->BuildLookupTable();
    glGenTextures(1, &c.texture);
    glBindTexture(GL_TEXTURE_2D, c.texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR); // as ImGui's own font texture
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    c.atlas.ClearTexData();
    c.atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(c.texture)));
    c.screen = io.Fonts;
    c.screen_global_scale = io.FontGlobalScale;
    io.Fonts = &c.atlas;
    io.FontGlobalScale = c.screen_global_scale / scale;
}

// After the frame is rendered. The atlas itself lives on (g.capture_fonts) until the next
// NewFrame has made the screen's font current again: ImGui keeps pointing at it till then.
static void end_capture_fonts(CaptureFonts& c)
{
    if (!c.screen)
        return;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts = c.screen;
    io.FontGlobalScale = c.screen_global_scale;
}

// The frame's scale on screen, put back by unscale_frame.
struct ScaledFrame {
    ImVec2 framebuffer_scale;
    float curve_tolerance = 0.0f, circle_error = 0.0f;
};

// After the backends' NewFrame (which set the screen's framebuffer scale): the frame is
// drawn for `scale`× the pixels; its layout, in logical pixels, stays the screen's.
static ScaledFrame scale_frame(PlatformInfo& pf, float scale)
{
    ImGuiIO& io = ImGui::GetIO();
    ImGuiStyle& style = ImGui::GetStyle();
    const ScaledFrame screen{io.DisplayFramebufferScale, style.CurveTessellationTol, style.CircleTessellationMaxError};
    io.DisplayFramebufferScale = ImVec2(screen.framebuffer_scale.x * scale, screen.framebuffer_scale.y * scale);
    pf.dpi_scale *= scale;
    // Curves and circles as smooth in the picture's pixels as on screen (the tolerances are in logical pixels).
    style.CurveTessellationTol = screen.curve_tolerance / scale;
    style.CircleTessellationMaxError = screen.circle_error / scale;
    return screen;
}

static void unscale_frame(const ScaledFrame& screen, ImDrawData* draw_data)
{
    ImGui::GetIO().DisplayFramebufferScale = screen.framebuffer_scale;
    draw_data->FramebufferScale = screen.framebuffer_scale;
    ImGui::GetStyle().CurveTessellationTol = screen.curve_tolerance;
    ImGui::GetStyle().CircleTessellationMaxError = screen.circle_error;
}

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------

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

// A plain keystroke reaches ImGui twice, as a key (SDL_KEYDOWN) and as the text it types
// (SDL_TEXTINPUT), and while a text field is active ImGui takes in a key change and the text
// after it in separate frames ("trickling", so that no press is lost): two frames for every
// character. When frames are slow (the page on a software renderer under load, a few a second)
// typing fell seconds behind what the user typed, and Enter or a click that followed it
// landed much later than it was made. A text field needs only such a key's text; keys with
// Ctrl, Alt or Super, and the editing keys (Enter, Backspace, Tab, arrows, Escape) still go
// to ImGui, and so do key releases (ImGui ignores one for a key it never saw pressed).
static bool plain_key_in_text_field(const SDL_Event& event)
{
    if (event.type != SDL_KEYDOWN || ImGui::GetCurrentContext()->WantTextInputNextFrame != 1)
        return false;
    if (event.key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return false;
    const SDL_Keycode key = event.key.keysym.sym; // a character's keycode is the character
    return key >= SDLK_SPACE && key != SDLK_DELETE && !(key & SDLK_SCANCODE_MASK);
}

// One frame as a pipeline: input → UI (which recomputes when the scenario changed) → draw.
static void frame()
{
    const Uint64 frame_start = SDL_GetPerformanceCounter();
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        if (!plain_key_in_text_field(event))
            ImGui_ImplSDL2_ProcessEvent(&event);
        platform_event(event, g.app);
        if (event.type == SDL_QUIT)
            g.loop.quit = true;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
            event.window.windowID == SDL_GetWindowID(g.window))
            g.loop.quit = true;
    }

    platform_before_frame(g.window);
    PlatformInfo pf = platform_info();
    update_fonts(pf.dpi_scale);
    // File → the whole view at 2×: this frame's UI is laid out as always but drawn for twice
    // the pixels, with fonts rasterised to match (view_capture.h).
    const int capture_scale = view_capture_due(g.app);
    if (capture_scale == 2) {
        g.capture_fonts = std::make_unique<CaptureFonts>();
        begin_capture_fonts(*g.capture_fonts, 2.0f);
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    const ScaledFrame screen = capture_scale == 2 ? scale_frame(pf, 2.0f) : ScaledFrame{};
    const Uint64 ui_start = SDL_GetPerformanceCounter();
    ImGui::NewFrame();
    if (capture_scale != 2)
        g.capture_fonts.reset(); // the last capture's, no longer current
    ui_frame(g.app, pf);
    ImGui::Render();
    if (g.title_language != g.app.language) { // the window title (document.title in the page) follows the language
        g.title_language = g.app.language;
        SDL_SetWindowTitle(g.window, attn::ui::tr(g.app.language, "page.title").c_str());
    }
    g.ui_ms = 1000.0 * static_cast<double>(SDL_GetPerformanceCounter() - ui_start) /
              static_cast<double>(SDL_GetPerformanceFrequency());
    ImDrawData* draw_data = ImGui::GetDrawData();
    if (capture_scale == 2) {
        if (g.app.files.capture_view == 1)
            capture_view_offscreen(g.app, draw_data, kClearColor);
        unscale_frame(screen, draw_data); // … and on screen as always
    }

    int pixels_w = 0, pixels_h = 0;
    SDL_GL_GetDrawableSize(g.window, &pixels_w, &pixels_h);
    glViewport(0, 0, pixels_w, pixels_h);
    glClearColor(kClearColor[0], kClearColor[1], kClearColor[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(draw_data);
    capture_view_if_asked(g.window, g.app, capture_scale); // File → the whole view as PNG: read before the swap
    if (capture_scale == 2)
        end_capture_fonts(*g.capture_fonts);
    g.frame_ms = 1000.0 * static_cast<double>(SDL_GetPerformanceCounter() - frame_start) /
                 static_cast<double>(SDL_GetPerformanceFrequency());
    g.frame_count++;
    platform_after_render(g.window, g.app, g.frame_count, g.loop);
    SDL_GL_SwapWindow(g.window);
}

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

int main(int argc, char** argv)
{
    if (!platform_parse_options(argc, argv, g.options))
        return 2;

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "attnviz: SDL_Init failed: %s\n", SDL_GetError());
        return platform_startup_failed();
    }
    const GlContext context = platform_gl_context();
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, context.profile);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    // An input method (Chinese, Japanese, Korean) shows its own composition and candidate
    // window at the caret (ImGui's backend sets SDL_SetTextInputRect there); ImGui draws no
    // composition text of its own. SDL shows the IME's window only if asked before the window.
    SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
    // RESIZABLE: on the web SDL then follows the canvas's CSS size (index.html makes it
    // fill the window) and listens for resizes; ALLOW_HIGHDPI: backing store × devicePixelRatio.
    const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    g.window = SDL_CreateWindow("attnviz — self-attention, step by step", SDL_WINDOWPOS_CENTERED,
                                SDL_WINDOWPOS_CENTERED, g.options.width, g.options.height, flags);
    if (!g.window) {
        std::fprintf(stderr, "attnviz: SDL_CreateWindow failed: %s\n", SDL_GetError());
        return platform_startup_failed();
    }
    g.gl = SDL_GL_CreateContext(g.window);
    if (!g.gl) {
        std::fprintf(stderr, "attnviz: cannot create an OpenGL 3.0 / WebGL2 context: %s\n", SDL_GetError());
        return platform_startup_failed();
    }
    SDL_GL_MakeCurrent(g.window, g.gl);
    SDL_GL_SetSwapInterval(g.options.vsync ? 1 : 0);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // No imgui.ini: the layout is the same on every start, which screenshots and tests rely on.
    io.IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
    ImGui_ImplOpenGL3_Init(context.glsl);

    g.app.textures.upload = upload_rgba_texture;
    ui_init(g.app);
    ui_load_lessons(g.app, ATTNVIZ_LESSON_DIR);
    for (const std::string& e : g.app.lesson.load_errors)
        std::fprintf(stderr, "attnviz: lesson not loaded: %s\n", e.c_str());
    platform_start(g.app);

    platform_run(frame, g.loop);

    g.capture_fonts.reset(); // its texture, while the GL context is there
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(g.gl);
    SDL_DestroyWindow(g.window);
    SDL_Quit();
    return g.loop.exit_code;
}
