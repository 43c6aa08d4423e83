// attnviz UI: files in and out (issue 14). Opening dispatches on what a file holds through
// a table of file types (a scenario; attention files go to the model view once it reads
// them); exports make a heatmap PNG at the screen's resolution or 2×, any matrix as CSV
// with token labels, the result JSON (attnviz-cli's format) and the scenario, and hand
// them to the platform (app.files.deliver: a download in the page, a file on the desktop).
#pragma once
#include "app_state.h"
#include <nlohmann/json.hpp>
#include <string>

namespace attn::ui {

// [SECTION] Opening files

struct FileProbe {
    const std::string& name;    // the file's name, for messages
    const std::string& bytes;
    const nlohmann::json& json; // parsed, or discarded when the bytes are not JSON
};
struct FileType {
    const char* what;                                                  // its catalogue key: "file_type.scenario"
    bool (*matches)(const FileProbe& file);
    bool (*open)(AppState& app, const FileProbe& file, std::string& error); // error: what is wrong, for the notice
};
// Tried in order, the first match opens the file; no match, or a failed open, leaves the
// app as it was with app.notice naming the file and the problem. Returns whether it opened.
bool ui_open_file(AppState& app, const std::string& name, const std::string& bytes);

// [SECTION] Exports

// `what`: "scenario.json", "result.json", "view.png" / "view@2x.png" (the whole window at
// the screen's resolution or twice it, drawn and captured by the platform in the next frame), "<matrix>.csv" and "<matrix>.png" / "<matrix>@2x.png" with
// <matrix> one of weights, scores, logits (heatmaps too), q, k, v, head_output, x, output
// (the selected head's where there is one). Delivers the file through app.files.deliver;
// returns false with `error` when `what` is unknown or the platform could not save it.
bool ui_export(AppState& app, const std::string& what, std::string& error);
// The file name an export gets ("attnviz-weights-head1.png").
std::string ui_export_name(const AppState& app, const std::string& what);
// The platform's half of "view.png" / "view@2x.png" (scale 1 or 2): PNG bytes of the frame it just rendered.
void ui_deliver_view_capture(AppState& app, const std::string& png, int scale);
// … or why it could not: the 2× picture (width×height) exceeds the driver's `limit` in
// pixels (0: the driver refused it otherwise, out of memory).
void ui_view_capture_failed(AppState& app, int width, int height, int limit);

// [SECTION] The header's part

void draw_link_and_files(AppState& app); // "Copy link" and the "File" menu
void draw_notice(AppState& app);         // app.notice with a Dismiss button

} // namespace attn::ui
