// attnviz UI: the colours that mean the same thing in more than one panel.
#pragma once
#include "imgui.h"

namespace attn::ui {

constexpr ImU32 kAccent = IM_COL32(255, 210, 90, 255); // the selected query token; what a lesson step points at
constexpr ImU32 kTitle = IM_COL32(150, 190, 255, 255); // panel and section titles
constexpr ImU32 kError = IM_COL32(255, 120, 110, 255); // why something was refused

} // namespace attn::ui
