// attnviz platform layer: "the whole view as PNG" (File menu, issue 14), on both platforms,
// at the screen's resolution or twice it. 1×: after a frame is rendered and before it is
// swapped, the back buffer becomes the PNG. 2×: main.cpp draws that frame's UI with the
// framebuffer scale doubled and the fonts rasterised at twice the size (crisp text, not a
// magnified bitmap), and its draw data is rendered into a framebuffer object of twice the
// drawable's size. Either picture goes where every export goes (app.files.deliver).
#pragma once
#include "ui/app_state.h"

struct SDL_Window;
struct ImDrawData;

// Before a frame: 0 when it is not captured, else the scale it is captured at (1 or 2;
// both asked for: 1× in this frame, 2× in the next).
int view_capture_due(const attn::ui::AppState& app);
// 2×: renders draw_data (laid out for its FramebufferScale) into a framebuffer object of
// that size, cleared to clear_rgb, and delivers it as view@2x.png; a driver that cannot
// draw that large gets a notice instead. The default framebuffer is bound again after.
void capture_view_offscreen(attn::ui::AppState& app, ImDrawData* draw_data, const float clear_rgb[3]);
// After the frame is rendered, before the swap: 1× (due == 1) reads the back buffer; a
// request made in this frame is the next one's.
void capture_view_if_asked(SDL_Window* window, attn::ui::AppState& app, int due);
