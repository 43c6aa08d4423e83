// attnviz-cli: numbers in the JSON it prints.
#pragma once
#include <cstdio>
#include <string>

namespace attn::cli {

// Float32 values printed with 9 significant digits: enough to read back the same float.
inline void append_float(std::string& out, float v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", static_cast<double>(v));
    out += text;
}

} // namespace attn::cli
