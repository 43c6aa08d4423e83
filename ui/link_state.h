// attnviz UI: the state a link carries (core/link_codec.h holds the link format). The
// state is {"scenario": the user's own scenario, "view": {"mode": "explore", "query",
// "head", "all_heads", "scores_view", "weights_to_max", "mask_editing"}}; readers ignore
// view fields they do not know, so later modes (the model view: "mode": "model", "layer",
// …) add theirs without a new version (docs/links.md).
#pragma once
#include "app_state.h"
#include "core/link_codec.h"
#include <string>

namespace attn::ui {

std::string ui_link_state_json(const AppState& app);
// Opens a decoded link: leaves a lesson or the playground, shows the scenario, applies the
// view. A link that could not be decoded (or computed) leaves everything as it was and
// puts the reason in app.notice. Returns whether it opened.
bool ui_open_link_state(AppState& app, const attn::LinkState& state);
// … from the state JSON text (the page decompresses the link itself).
bool ui_open_link_json(AppState& app, const std::string& state_json);
// The fragment (without '#') of the place the app is in, when it is a lesson step
// ("lesson=ID&step=N") or the playground ("train=TASK&seed=N"); "" in Explore.
std::string ui_place_fragment(const AppState& app);
// Sets app.notice, the one message the header shows until dismissed.
void ui_notice(AppState& app, const std::string& message);

} // namespace attn::ui
