// attnviz UI: built-in example scenarios, in the scenario JSON format.
#pragma once

namespace attn::ui {

struct Example {
    const char* name;
    const char* json;
};

extern const Example kExamples[];
extern const int kExampleCount;

} // namespace attn::ui
