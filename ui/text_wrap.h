// attnviz UI: where a line of lesson text may break. English breaks at spaces only (ImGui's
// own wrap also breaks after '.', which splits 0.161 over two lines); Chinese has no
// spaces and breaks between any two characters, except before closing punctuation
// (，。）” …) and after opening punctuation (（“ …), so a line never starts with a comma.
// Pure C++: the panel measures with the font, the tests with a stand-in.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace attn::ui {

// Splits `text` into lines no wider than `width` where it can (a single unbreakable piece
// wider than that gets a line of its own). `measure` gives the width of a candidate line.
std::vector<std::string> wrap_text(const std::string& text, float width,
                                   const std::function<float(const std::string&)>& measure);

} // namespace attn::ui
