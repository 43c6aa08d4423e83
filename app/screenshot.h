// attnviz platform layer: PNG export of a rendered frame (native --screenshot).
#pragma once
#include <cstdint>
#include <string>

// rgba: w×h pixels as read by glReadPixels (bottom row first). Returns false on I/O error.
bool write_png_bottom_up(const std::string& path, const std::uint8_t* rgba, int w, int h);
