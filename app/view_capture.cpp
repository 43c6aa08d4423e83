#include "view_capture.h"
#include "platform_gl.h"
#include "ui/export.h"
#include "ui/files.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace {

// Pixels read with glReadPixels (bottom row first) as PNG bytes.
std::string read_png(int w, int h)
{
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // The clear colour leaves alpha as the GL context made it; a picture is opaque.
    for (std::size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255;
    return attn::ui::png_encode(pixels.data(), w, h, true);
}

} // namespace

int view_capture_due(const attn::ui::AppState& app)
{
    // A request starts at 2 (ui_export): the frame that asked still draws the menu it was
    // asked from, and capture_view_if_asked counts it down for the next one.
    if (app.files.capture_view != 1)
        return 0;
    return app.files.capture_scales & attn::ui::kCaptureScreen ? 1 : app.files.capture_scales & attn::ui::kCaptureTwice ? 2 : 0;
}

void capture_view_offscreen(attn::ui::AppState& app, ImDrawData* draw_data, const float clear_rgb[3])
{
    // The size ImGui's renderer computes for its viewport from the same numbers.
    const int w = static_cast<int>(draw_data->DisplaySize.x * draw_data->FramebufferScale.x);
    const int h = static_cast<int>(draw_data->DisplaySize.y * draw_data->FramebufferScale.y);
    GLint max_renderbuffer = 0, max_viewport[2] = {0, 0};
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_renderbuffer);
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_viewport);
    const int limit = std::min({static_cast<int>(max_renderbuffer), static_cast<int>(max_viewport[0]), static_cast<int>(max_viewport[1])});
    if (w <= 0 || h <= 0 || w > limit || h > limit) {
        attn::ui::ui_view_capture_failed(app, w, h, limit);
        return;
    }
    while (glGetError() != GL_NO_ERROR) {} // only this function's errors below
    GLuint renderbuffer = 0, framebuffer = 0;
    glGenRenderbuffers(1, &renderbuffer);
    glBindRenderbuffer(GL_RENDERBUFFER, renderbuffer);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glGenFramebuffers(1, &framebuffer);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, renderbuffer);
    if (glGetError() == GL_NO_ERROR && glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
        glViewport(0, 0, w, h);
        glClearColor(clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(draw_data);
        attn::ui::ui_deliver_view_capture(app, read_png(w, h), 2);
    } else {
        attn::ui::ui_view_capture_failed(app, w, h, 0); // out of memory, most likely
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glDeleteFramebuffers(1, &framebuffer);
    glDeleteRenderbuffers(1, &renderbuffer);
}

void capture_view_if_asked(SDL_Window* window, attn::ui::AppState& app, int due)
{
    if (app.files.capture_view == 2) {
        app.files.capture_view = 1;
        return;
    }
    if (due != 1 || app.files.capture_view != 1)
        return;
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window, &w, &h);
    attn::ui::ui_deliver_view_capture(app, read_png(w, h), 1);
}
