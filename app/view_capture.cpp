#include "view_capture.h"
#include "platform_gl.h"
#include "ui/export.h"
#include "ui/files.h"

#include <SDL.h>

#include <cstdint>
#include <vector>

void capture_view_if_asked(SDL_Window* window, attn::ui::AppState& app)
{
    // Counted down: the frame that asked still draws the menu it was asked from.
    if (app.files.capture_view <= 0 || --app.files.capture_view > 0)
        return;
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window, &w, &h);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // The clear colour leaves alpha as the GL context made it; a picture is opaque.
    for (std::size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255;
    attn::ui::ui_deliver_view_capture(app, attn::ui::png_encode(pixels.data(), w, h, true));
}
