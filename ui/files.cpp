#include "files.h"
#include "attention_import.h"
#include "error_text.h"
#include "export.h"
#include "lesson_mode.h"
#include "panels.h"
#include "session.h"
#include "theme.h"
#include "widgets.h"
#include "core/model/attention_file.h"
#include "core/scenario_json.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace attn::ui {

// [SECTION] Opening files

namespace {

bool is_safetensors(const FileProbe& f) {
    if (f.bytes.size() < 10) return false;
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = n << 8 | static_cast<unsigned char>(f.bytes[static_cast<std::size_t>(i)]);
    return n >= 2 && n <= f.bytes.size() - 8 && f.bytes[8] == '{';
}
bool is_attention_json(const FileProbe& f) { return f.json.is_object() && f.json.contains("attention"); }
bool is_result_json(const FileProbe& f) {
    return f.json.is_object() && f.json.contains("heads") && f.json["heads"].is_array() && f.json.contains("x");
}
bool is_json_object(const FileProbe& f) { return f.json.is_object(); }

// An attention file exported from Python (docs/attention-files.md) opens in model mode's view.
bool open_attention(AppState& app, const FileProbe& f, std::string& error) {
    try {
        attention_show(app, attn::model::read_attention_file(f.bytes.data(), f.bytes.size(), f.name), f.name);
        return true;
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
}
bool refuse_result(AppState&, const FileProbe&, std::string& error) {
    error = tr("en", "error.result_not_scenario");
    return false;
}
bool open_scenario(AppState& app, const FileProbe& f, std::string& error) {
    return ui_set_scenario_json(app, f.json.dump(), &error);
}

const FileType kFileTypes[] = {
    {"file_type.safetensors", is_safetensors, open_attention},
    {"file_type.attention_json", is_attention_json, open_attention},
    {"file_type.result", is_result_json, refuse_result},
    {"file_type.scenario", is_json_object, open_scenario},
};

} // namespace

bool ui_open_file(AppState& app, const std::string& name, const std::string& bytes) {
    nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
    const FileProbe probe{name, bytes, j};
    for (const FileType& type : kFileTypes) {
        if (!type.matches(probe)) continue;
        std::string error;
        if (type.open(app, probe, error)) {
            app.notice.clear();
            return true;
        }
        // Notices are kept in English, like the core's errors (tests and the page API read them); draw_notice translates.
        app.notice = tr("en", "notice.file_type", {{"name", name}, {"type", tr("en", type.what)}, {"error", error}});
        return false;
    }
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (bytes[first] == '{' || bytes[first] == '[')) {
        std::string why = tr("en", "error.not_json");
        try {
            const nlohmann::json strict = nlohmann::json::parse(bytes); // throws with the position
            why = tr("en", "error.not_json_object", {{"type", strict.type_name()}});
        } catch (const std::exception& e) {
            why = e.what();
        }
        app.notice = tr("en", "notice.file_not_opened", {{"name", name}, {"error", why}});
    } else {
        app.notice = tr("en", "notice.file_not_scenario", {{"name", name}});
    }
    return false;
}

// [SECTION] Exports

namespace {

struct MatrixView {
    const attn::Matrix* m = nullptr;
    const std::vector<std::string>* rows = nullptr;
    const std::vector<std::string>* cols = nullptr; // nullptr: 1, 2, … (dimensions)
    bool per_head = false;
};

bool find_matrix(const attn::Result& r, int h, const std::string& key, MatrixView& out) {
    const attn::HeadResult& hr = r.head[static_cast<std::size_t>(h)];
    struct Entry { const char* key; const attn::Matrix* m; const std::vector<std::string>* rows; const std::vector<std::string>* cols; bool per_head; };
    const Entry entries[] = {
        {"weights", &hr.weights, &r.tokens, &r.key_tokens, true}, {"scores", &hr.scores, &r.tokens, &r.key_tokens, true},
        {"logits", &hr.logits, &r.tokens, &r.key_tokens, true},   {"q", &hr.q, &r.tokens, nullptr, true},
        {"k", &hr.k, &r.key_tokens, nullptr, true},                {"v", &hr.v, &r.key_tokens, nullptr, true},
        {"head_output", &hr.output, &r.tokens, nullptr, true},     {"x", &r.x, &r.tokens, nullptr, false},
        {"output", &r.output, &r.tokens, nullptr, false},
    };
    for (const Entry& e : entries)
        if (key == e.key) {
            out = {e.m, e.rows, e.cols, e.per_head};
            return true;
        }
    return false;
}

// The heatmaps' colours as the panels draw them.
bool heatmap_colours(const AppState& app, const attn::Result& r, const std::string& key, Colormap& map, double& vmin, double& vmax) {
    const attn::HeadResult& hr = r.head[static_cast<std::size_t>(app.selected_head)];
    const int n = static_cast<int>(hr.scores.size());
    if (key == "weights") {
        map = Colormap::Viridis, vmin = 0.0, vmax = weights_colour_max(app, r);
        return true;
    }
    if (key == "scores" || key == "logits") {
        const double range = scores_view_range(hr.scores.data(), hr.logits.data(), n);
        map = Colormap::RdBu, vmin = -range, vmax = range;
        return true;
    }
    // Panel 4 gives Q, K and V one range, so their colours compare; panel 7 each its own.
    const int T = static_cast<int>(r.tokens.size()), Ts = static_cast<int>(r.key_tokens.size());
    double range = 0.0;
    if (key == "q" || key == "k" || key == "v")
        range = std::max({symmetric_range(hr.q.data(), T * r.d_k), symmetric_range(hr.k.data(), Ts * r.d_k),
                          symmetric_range(hr.v.data(), Ts * r.d_k)});
    else if (key == "head_output") range = symmetric_range(hr.output.data(), T * r.d_k);
    else if (key == "output") range = symmetric_range(r.output.data(), T * r.d_model);
    else return false;
    map = Colormap::RdBu, vmin = -range, vmax = range;
    return true;
}

// The widget a matrix's heatmap is drawn as (ui/panel_*.cpp).
std::string heatmap_widget(const std::string& key) {
    if (key == "q" || key == "k" || key == "v") return "qkv." + key;
    return "heatmap." + (key == "logits" ? std::string("scores") : key); // logits share the scores' map
}

// The size of one cell of the panel's heatmap on screen, in physical pixels.
int screen_cell(const AppState& app, const std::string& key, int cols) {
    const auto rect = app.last_widget_rects.find(heatmap_widget(key));
    const float dpi = ImGui::GetCurrentContext() ? ImGui::GetIO().DisplayFramebufferScale.x : 1.0f;
    const float cell = rect != app.last_widget_rects.end() && cols > 0 ? rect->second.w / static_cast<float>(cols) : 40.0f;
    return std::max(1, static_cast<int>(std::lround(cell * (dpi > 0.0f ? dpi : 1.0f))));
}

std::string deliver(AppState& app, const std::string& name, const std::string& bytes, std::string& error) {
    if (!app.files.deliver) {
        error = tr("en", "error.cannot_save");
        return "";
    }
    const std::string where = app.files.deliver(name, bytes, error);
    if (!where.empty()) app.files.last_saved = where;
    return where;
}

} // namespace

std::string ui_export_name(const AppState& app, const std::string& what) {
    const std::size_t dot = what.find('.');
    std::string key = what.substr(0, dot), ext = dot == std::string::npos ? "" : what.substr(dot);
    std::string scale;
    if (const std::size_t at = key.find('@'); at != std::string::npos) scale = key.substr(at), key = key.substr(0, at);
    MatrixView mv;
    const bool per_head = app.result && find_matrix(*app.result, app.selected_head, key, mv) && mv.per_head;
    return "attnviz-" + key + (per_head ? "-head" + std::to_string(app.selected_head + 1) : "") + scale + ext;
}

namespace {
// A lesson task hides the value it asks the learner to work out or predict (lesson.h,
// HiddenValue); an export of the matrix holding it would give the answer away. The whole
// view is fine: the picture shows "?" where the panels do.
bool lesson_hides_part_of(const AppState& app, const std::string& key) {
    const auto hides = [&](const char* panel) { return !lesson_hidden(app, panel).empty(); };
    const bool outputs = hides("head_output") || hides("output") || hides("sum");
    if (key == "weights") return hides("weights") || hides("entropy");
    if (key == "scores" || key == "logits") return hides("scores");
    if (key == "head_output" || key == "output") return outputs;
    if (key == "result") return hides("weights") || hides("entropy") || hides("scores") || outputs;
    return false;
}
} // namespace

bool ui_export(AppState& app, const std::string& what, std::string& error) {
    if (what == "scenario.json")
        return !deliver(app, ui_export_name(app, what), attn::scenario_to_json(app.scenario).dump(2) + "\n", error).empty();
    if (!app.result) {
        error = tr("en", "error.no_result_yet");
        return false;
    }
    const attn::Result& r = *app.result;
    const std::string key_of_what = what.substr(0, what.find_first_of("@."));
    if (lesson_hides_part_of(app, key_of_what)) {
        error = tr("en", "error.hidden_in_lesson", {{"what", what}});
        return false;
    }
    if (what == "result.json") return !deliver(app, ui_export_name(app, what), ui_result_json(app) + "\n", error).empty();
    if (what == "view.png" || what == "view@2x.png") {
        app.files.capture_view = 2; // the next frame, without the menu (app/view_capture.cpp)
        app.files.capture_scales |= what == "view.png" ? kCaptureScreen : kCaptureTwice;
        return true;
    }
    const std::size_t dot = what.find('.');
    std::string key = what.substr(0, dot);
    const std::string ext = dot == std::string::npos ? "" : what.substr(dot + 1);
    int scale = 1;
    if (key.size() > 3 && key.compare(key.size() - 3, 3, "@2x") == 0) scale = 2, key.resize(key.size() - 3);
    MatrixView mv;
    if (!find_matrix(r, app.selected_head, key, mv) || (ext != "csv" && ext != "png") || (scale == 2 && ext != "png")) {
        error = tr("en", "error.unknown_export", {{"what", what}});
        return false;
    }
    const int rows = static_cast<int>(mv.m->rows()), cols = static_cast<int>(mv.m->cols());
    if (rows == 0 || cols == 0) { // an attention file's result holds only the weights
        error = tr("en", "error.only_weights", {{"what", key}});
        return false;
    }
    if (ext == "csv") {
        static const std::vector<std::string> none;
        return !deliver(app, ui_export_name(app, what), matrix_csv(mv.m->data(), rows, cols, *mv.rows, mv.cols ? *mv.cols : none), error).empty();
    }
    Colormap map;
    double vmin, vmax;
    if (!heatmap_colours(app, r, key, map, vmin, vmax)) {
        error = tr("en", "error.csv_only", {{"what", key}});
        return false;
    }
    const Image img = heatmap_image(mv.m->data(), rows, cols, map, vmin, vmax, screen_cell(app, key, cols) * scale);
    const std::string png = png_encode(reinterpret_cast<const std::uint8_t*>(img.rgba.data()), img.width, img.height);
    return !deliver(app, ui_export_name(app, what), png, error).empty();
}

namespace {
// One picture done (or given up): the other one asked for, if any, is the next frame's.
void view_capture_done(AppState& app, int scale) {
    app.files.capture_scales &= scale == 2 ? ~kCaptureTwice : ~kCaptureScreen;
    app.files.capture_view = app.files.capture_scales ? 1 : 0;
}
} // namespace

void ui_deliver_view_capture(AppState& app, const std::string& png, int scale) {
    const std::string name = scale == 2 ? "attnviz-view@2x.png" : "attnviz-view.png";
    view_capture_done(app, scale);
    std::string error;
    if (deliver(app, name, png, error).empty()) app.notice = tr("en", "notice.picture_not_saved", {{"error", error}});
}

void ui_view_capture_failed(AppState& app, int width, int height, int limit) {
    view_capture_done(app, 2);
    const std::string size = std::to_string(width) + "×" + std::to_string(height);
    app.notice = limit > 0 ? tr("en", "notice.view_2x_too_large", {{"size", size}, {"limit", std::to_string(limit)}})
                           : tr("en", "notice.view_2x_failed", {{"size", size}});
}

// [SECTION] The header's part

namespace {

bool read_file(const char* path, std::string& bytes) {
    FILE* f = std::fopen(path, "rb");
    if (!f) return false;
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) bytes.append(buffer, n);
    std::fclose(f);
    return true;
}

void export_item(AppState& app, const char* key, const std::string& what) {
    if (ImGui::MenuItem(tr(app.language, key).c_str())) {
        std::string error;
        if (!ui_export(app, what, error)) app.notice = tr("en", "notice.not_exported", {{"error", error}});
    }
    track_last_item(app, "file." + what);
}

} // namespace

void draw_link_and_files(AppState& app) {
    if (ImGui::Button(label(app, "file.copy_link", "copy_link").c_str()) && app.files.copy_link) {
        app.files.copy_link();
        app.files.last_saved = tr(app.language, "file.link_copied");
    }
    track_last_item(app, "header.copy_link");
    ImGui::SetItemTooltip("%s", tr(app.language, "file.copy_link_tooltip").c_str());
    ImGui::SameLine();
    if (ImGui::Button(label(app, "file.menu", "file").c_str())) ImGui::OpenPopup("##file_menu");
    track_last_item(app, "header.file");
    if (!ImGui::BeginPopup("##file_menu")) return;
    if (ImGui::MenuItem(tr(app.language, "file.save_scenario").c_str())) {
        std::string error;
        if (!ui_export(app, "scenario.json", error)) app.notice = tr("en", "notice.not_saved", {{"error", error}});
    }
    track_last_item(app, "file.scenario.json");
    if (app.files.pick) {
        if (ImGui::MenuItem(tr(app.language, "file.open_scenario").c_str())) app.files.pick();
        track_last_item(app, "file.open");
        ImGui::TextDisabled("%s", tr(app.language, "file.drop_on_page").c_str());
    } else {
        char* path = app.files.open_path; // the desktop's path field
        ImGui::SetNextItemWidth(280.0f);
        const bool enter = ImGui::InputTextWithHint("##open_path", tr(app.language, "file.path_hint").c_str(), path, sizeof app.files.open_path,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        track_last_item(app, "file.open_path");
        ImGui::SameLine();
        if ((ImGui::Button(label(app, "file.open", "open").c_str()) || enter) && path[0]) {
            std::string bytes;
            if (read_file(path, bytes)) ui_open_file(app, path, bytes);
            else app.notice = tr("en", "notice.file_unreadable", {{"name", path}});
        }
        ImGui::TextDisabled("%s", tr(app.language, "file.drop_on_window").c_str());
    }
    ImGui::Separator();
    const bool logits = app.scores_view == 1;
    export_item(app, "file.weights_png", "weights.png");
    export_item(app, "file.weights_png_2x", "weights@2x.png");
    export_item(app, logits ? "file.logits_png" : "file.scores_png", logits ? "logits.png" : "scores.png");
    export_item(app, logits ? "file.logits_png_2x" : "file.scores_png_2x", logits ? "logits@2x.png" : "scores@2x.png");
    // The catalogue keys are "file.png." + the export name, and the same with "_2x".
    if (ImGui::BeginMenu(label(app, "file.png_menu", "png_menu").c_str())) {
        static const char* const kPng[] = {"q", "k", "v", "head_output", "output"};
        for (const char* p : kPng) {
            export_item(app, ("file.png." + std::string(p)).c_str(), std::string(p) + ".png");
            export_item(app, ("file.png." + std::string(p) + "_2x").c_str(), std::string(p) + "@2x.png");
        }
        ImGui::EndMenu();
    }
    track_last_item(app, "file.png_menu");
    export_item(app, "file.view_png", "view.png");
    export_item(app, "file.view_png_2x", "view@2x.png");
    ImGui::Separator();
    // The catalogue key of each matrix is "file.csv." + its export name.
    static const char* const kCsv[] = {"weights", "scores", "logits", "q", "k", "v", "head_output", "x", "output"};
    if (ImGui::BeginMenu(label(app, "file.csv_menu", "csv_menu").c_str())) {
        for (const char* c : kCsv) export_item(app, ("file.csv." + std::string(c)).c_str(), std::string(c) + ".csv");
        ImGui::EndMenu();
    }
    track_last_item(app, "file.csv_menu");
    export_item(app, "file.result_json", "result.json");
    if (!app.files.pick) {
        ImGui::Separator();
        ImGui::TextUnformatted(tr(app.language, "file.exports_go_to").c_str());
        ImGui::SetNextItemWidth(320.0f);
        ImGui::InputText("##export_folder", app.files.folder, sizeof app.files.folder);
        track_last_item(app, "file.folder");
    }
    if (!app.files.last_saved.empty()) ImGui::TextDisabled("%s", tr(app.language, "file.last", {{"where", app.files.last_saved}}).c_str());
    ImGui::EndPopup();
}

void draw_notice(AppState& app) {
    if (app.notice.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, kError);
    ImGui::TextWrapped("%s", notice_text(app.language, app.notice).c_str());
    ImGui::PopStyleColor();
    track_last_item(app, "notice");
    ImGui::SameLine();
    if (ImGui::SmallButton(label(app, "notice.dismiss", "dismiss").c_str())) app.notice.clear();
    track_last_item(app, "notice.dismiss");
}

} // namespace attn::ui
