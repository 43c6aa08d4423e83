// attnviz fuzzing: what every libFuzzer harness shares. An input that breaks an invariant
// aborts with a message, which libFuzzer reports as a crash and saves.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace attn::fuzz {

[[noreturn]] inline void invariant_broken(const char* what, const std::string& detail) {
    std::fprintf(stderr, "\nfuzz invariant broken: %s\n%s\n", what, detail.c_str());
    std::abort();
}

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// Inputs made of several files (config.json and model.safetensors; vocab.json, merges.txt
// and a text) are cut at this line; it is in the harnesses' dictionaries so mutations keep
// or add it. Missing parts are empty.
constexpr const char* kPartSeparator = "\n--8<--\n";

inline std::vector<std::string> split_parts(const std::string& input, std::size_t parts) {
    std::vector<std::string> out;
    const std::string sep = kPartSeparator;
    std::size_t from = 0;
    while (out.size() + 1 < parts) {
        const std::size_t at = input.find(sep, from);
        if (at == std::string::npos) break;
        out.push_back(input.substr(from, at - from));
        from = at + sep.size();
    }
    out.push_back(input.substr(from));
    out.resize(parts);
    return out;
}

// A refusal must say what is wrong: "field: problem", never an empty message.
inline void require_message(const std::string& message, const std::string& must_start_with = "") {
    if (message.empty()) invariant_broken("an error without a message", "");
    if (message.compare(0, must_start_with.size(), must_start_with) != 0)
        invariant_broken("an error that does not name its file", "expected it to start with “" + must_start_with + "”: " + message);
}

} // namespace attn::fuzz
