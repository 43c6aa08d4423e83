#include "export.h"
#include <cmath>
#include <cstdio>

// The implementation, private to this file (the desktop's screenshot.cpp compiles its own).
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace attn::ui {

Image heatmap_image(const double* values, int rows, int cols, Colormap map, double vmin, double vmax, int cell) {
    Image img;
    img.width = cols * cell;
    img.height = rows * cell;
    img.rgba.resize(static_cast<std::size_t>(img.width) * img.height);
    const double span = vmax > vmin ? vmax - vmin : 1.0;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            const double v = values[static_cast<std::size_t>(i) * cols + j];
            const std::uint32_t c = std::isfinite(v) ? colormap_rgba(map, (v - vmin) / span) : kExportMaskedRgba;
            for (int y = i * cell; y < (i + 1) * cell; ++y)
                std::fill_n(img.rgba.begin() + static_cast<std::ptrdiff_t>(y) * img.width + j * cell, cell, c);
        }
    return img;
}

std::string png_encode(const std::uint8_t* rgba, int width, int height, bool bottom_up) {
    std::string out;
    stbi_flip_vertically_on_write(bottom_up ? 1 : 0);
    stbi_write_png_to_func([](void* context, void* data, int size) { static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size)); },
                           &out, width, height, 4, rgba, width * 4);
    stbi_flip_vertically_on_write(0);
    return out;
}

namespace {
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}
std::string label(const std::vector<std::string>& labels, int i) {
    return i < static_cast<int>(labels.size()) ? labels[static_cast<std::size_t>(i)] : std::to_string(i + 1);
}
} // namespace

std::string matrix_csv(const double* values, int rows, int cols, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& col_labels) {
    std::string out;
    for (int j = 0; j < cols; ++j) out += "," + csv_field(label(col_labels, j));
    out += "\r\n";
    char number[40];
    for (int i = 0; i < rows; ++i) {
        out += csv_field(label(row_labels, i));
        for (int j = 0; j < cols; ++j) {
            const double v = values[static_cast<std::size_t>(i) * cols + j];
            if (std::isnan(v)) std::snprintf(number, sizeof number, "nan");
            else if (std::isinf(v)) std::snprintf(number, sizeof number, "%sinf", v < 0 ? "-" : ""); // data for a spreadsheet, not words
            else std::snprintf(number, sizeof number, "%.17g", v);
            out += ",";
            out += number;
        }
        out += "\r\n";
    }
    return out;
}

} // namespace attn::ui
