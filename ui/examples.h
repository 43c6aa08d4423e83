// attnviz UI: built-in example scenarios, in the scenario JSON format.
#pragma once
#include <string>

namespace attn::ui {

struct Example {
    const char* key;  // the name's catalogue key ("example.classic")
    const char* json;
    const char* name; // the English name, for callers that have no language (example_name() has)
};

extern const Example kExamples[];
extern const int kExampleCount;

std::string example_name(const std::string& lang, int index); // kExamples[index]'s name in `lang`

} // namespace attn::ui
