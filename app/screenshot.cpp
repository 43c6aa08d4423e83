// attnviz platform layer: PNG export through stb_image_write (Debian's libstb-dev).
// This is the one translation unit that compiles stb_image_write's implementation.
#include "screenshot.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

bool write_png_bottom_up(const std::string& path, const std::uint8_t* rgba, int w, int h)
{
    // OpenGL's origin is the bottom-left corner; PNG rows go top to bottom.
    stbi_flip_vertically_on_write(1);
    return stbi_write_png(path.c_str(), w, h, 4, rgba, w * 4) != 0;
}
