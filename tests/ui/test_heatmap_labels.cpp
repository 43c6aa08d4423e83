// Long texts in the heatmaps, with the app's own font at 1280×800 (as the page draws them):
// the labels a learner reads (none overlapping, each its own token), and zoom and pan with
// the wheel and the mouse up to a model's 1024 tokens (issue 10 item 5, issue 13).
#include "tests/support/headless_ui.h"
#include "ui/heatmap.h"
#include "ui/ui.h"
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <string>
#include <vector>

using attn::ui::DrawnLabel;

namespace {
const ImWchar kFontGlyphRanges[] = {
#include "attnviz_font_ranges.inc"
    0}; // ImGui reads ranges up to a 0 (ASan: a global-buffer-overflow without it)

const char* const kWords[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "while", "cat", "sat", "on",
                              "mat", "because", "it", "was", "tired", "and", "bird", "sang", "a", "song", "about", "long",
                              "winter", "night", "in", "snow", "everyone", "went", "home", "to", "sleep", "until", "morning"};

// n words, each token its own word (so a label names exactly one token).
std::string text_of(int n) {
    std::string s;
    for (int k = 0; k < n; ++k) s += (k ? " " : "") + std::string(kWords[k % (sizeof kWords / sizeof *kWords)]);
    return s;
}

struct App : HeadlessUi {
    App() : HeadlessUi(ATTNVIZ_FONT_FILE, kFontGlyphRanges) {
        REQUIRE(pf.width == 1280);
        REQUIRE(pf.height == 800);
        app.track_labels = true;
    }
    void open_text(int n) {
        std::string error;
        const std::string json = R"({"text": ")" + text_of(n) + R"(", "embedding": {"dim": 8, "seed": 1}})";
        const bool ok = attn::ui::ui_set_scenario_json(app, json, &error);
        INFO(error);
        REQUIRE(ok);
        frames(3);
        REQUIRE(static_cast<int>(app.result->tokens.size()) == n);
    }
    attn::ui::WidgetRect rect(const std::string& name) {
        float r[4] = {};
        REQUIRE(attn::ui::ui_widget_rect(app, name, r));
        return {r[0], r[1], r[2], r[3]};
    }
    std::vector<DrawnLabel> labels(const std::string& heatmap, bool column) const {
        std::vector<DrawnLabel> out;
        for (const DrawnLabel& l : app.drawn_labels)
            if (l.heatmap == heatmap && l.column == column) out.push_back(l);
        return out;
    }
    void move_to(float x, float y) {
        ImGui::GetIO().AddMousePosEvent(x, y);
        frames(2);
    }
    void wheel(float notches) {
        ImGui::GetIO().AddMouseWheelEvent(0.0f, notches);
        frames(2);
    }
    void drag(ImVec2 from, ImVec2 to) {
        move_to(from.x, from.y);
        ImGui::GetIO().AddMouseButtonEvent(0, true);
        frames(1);
        for (int k = 1; k <= 4; ++k) {
            ImGui::GetIO().AddMousePosEvent(from.x + (to.x - from.x) * k / 4, from.y + (to.y - from.y) * k / 4);
            frames(1);
        }
        ImGui::GetIO().AddMouseButtonEvent(0, false);
        frames(2);
    }
};

bool overlap(const attn::ui::WidgetRect& a, const attn::ui::WidgetRect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// The label reads as its token: the whole of it, or its start and an ellipsis.
bool reads_as(const std::string& label, const std::string& token) {
    const std::string ellipsis = "…";
    if (label == token) return true;
    if (label.size() <= ellipsis.size() || label.compare(label.size() - ellipsis.size(), ellipsis.size(), ellipsis) != 0) return false;
    const std::string start = label.substr(0, label.size() - ellipsis.size());
    return start.size() >= 1 && token.compare(0, start.size(), start) == 0;
}

// Checks one heatmap's drawn labels; returns the row labels' indices, sorted.
std::vector<int> check_labels(const App& ui, const std::string& heatmap, const std::vector<std::string>& tokens,
                              const std::vector<std::string>& column_names = {}) {
    std::vector<DrawnLabel> all = ui.labels(heatmap, false);
    const std::vector<DrawnLabel> cols = ui.labels(heatmap, true);
    all.insert(all.end(), cols.begin(), cols.end());
    for (size_t a = 0; a < all.size(); ++a) {
        const std::string& name = (all[a].column && !column_names.empty() ? column_names : tokens)[all[a].index];
        INFO(heatmap << (all[a].column ? " column " : " row ") << all[a].index + 1 << ": “" << all[a].text << "” for “" << name << "”");
        CHECK(reads_as(all[a].text, name));
        CHECK(all[a].type >= 9.0f);
        for (size_t b = a + 1; b < all.size(); ++b) {
            INFO("overlaps " << (all[b].column ? "column " : "row ") << all[b].index + 1 << " “" << all[b].text << "”");
            CHECK_FALSE(overlap(all[a].rect, all[b].rect));
        }
    }
    std::vector<int> rows;
    for (const DrawnLabel& l : ui.labels(heatmap, false)) rows.push_back(l.index);
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace

TEST_CASE("34 tokens at 1280×800: every row and column of the scores and weights has its own readable label", "[ui][labels][layout]") {
    App ui;
    ui.open_text(34);
    for (const char* map : {"heatmap.scores", "heatmap.weights"}) {
        INFO(map);
        const std::vector<int> rows = check_labels(ui, map, ui.app.result->tokens);
        CHECK(rows.size() == 34);
        CHECK(ui.labels(map, true).size() == 34);
    }
}

TEST_CASE("10 tokens at 1920×1080: a column label wider than its cell shows whole where its neighbours leave room", "[ui][labels][layout]") {
    App ui;
    ui.pf.width = 1920, ui.pf.height = 1080;
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
    std::string error;
    REQUIRE(attn::ui::ui_set_scenario_json(ui.app, R"({"text": "The cat sat on the mat because it was tired", "embedding": {"dim": 8, "seed": 7}, "heads": 2})", &error));
    ui.frames(3);
    const std::vector<std::string>& tokens = ui.app.result->tokens;
    REQUIRE(tokens.size() == 10);
    for (const char* map : {"heatmap.scores", "heatmap.weights"}) {
        INFO(map);
        check_labels(ui, map, tokens); // none overlapping
        const std::vector<DrawnLabel> cols = ui.labels(map, true);
        REQUIRE(cols.size() == 10);
        const float cell = ui.rect(map).w / 10;
        CHECK(cols[6].text == "because");
        CHECK(cols[6].rect.w > cell - 2.0f); // it did need the room: wider than its own cell
    }
}

TEST_CASE("64 tokens at 1280×800: labels thin out without overlapping, and zooming in labels every row", "[ui][labels][layout]") {
    App ui;
    ui.open_text(64);
    const std::vector<std::string>& tokens = ui.app.result->tokens;
    const std::vector<std::string> dims = {"1", "2", "3", "4", "5", "6", "7", "8"};
    for (const char* map : {"heatmap.scores", "heatmap.weights", "heatmap.head_output"}) {
        INFO(map);
        const std::vector<int> rows = check_labels(ui, map, tokens, std::string(map) == "heatmap.head_output" ? dims : tokens);
        CHECK(rows.size() >= 64 / 5); // every 5th at least, evenly: the overview keeps its landmarks
        for (size_t k = 1; k < rows.size(); ++k) CHECK(rows[k] - rows[k - 1] == rows[1] - rows[0]);
    }
    // At least every 2nd in the two main maps.
    CHECK(ui.labels("heatmap.weights", false).size() >= 32);
    CHECK(ui.labels("heatmap.scores", true).size() >= 32);
    const attn::ui::WidgetRect w = ui.rect("heatmap.weights");
    ui.move_to(w.x + w.w * 0.5f, w.y + w.h * 0.5f);
    ui.wheel(2);
    const std::vector<int> rows = check_labels(ui, "heatmap.weights", tokens);
    REQUIRE(rows.size() >= 5);
    for (size_t k = 1; k < rows.size(); ++k) CHECK(rows[k] == rows[k - 1] + 1); // every row in view
    CHECK(rows.size() < 64);
}

TEST_CASE("the wheel zooms about the cursor, a drag pans without selecting, reset shows the whole map", "[ui][zoom]") {
    App ui;
    ui.open_text(64);
    const attn::ui::WidgetRect w = ui.rect("heatmap.weights");
    const ImVec2 at(w.x + w.w * 41.5f / 64, w.y + w.h * 40.5f / 64); // cell (41, 42) in 1-based terms
    ui.move_to(at.x, at.y);
    const std::string before = ui.app.tooltip;
    REQUIRE(before.find("w₄₁,₄₂") != std::string::npos);
    CHECK(before.find("“") != std::string::npos); // the tooltip names the row and column tokens
    float r[4];
    CHECK_FALSE(attn::ui::ui_widget_rect(ui.app, "heatmap.weights.reset", r));
    ui.wheel(3);
    ui.frames(1);
    CHECK(ui.app.tooltip.find("w₄₁,₄₂") != std::string::npos); // the cell under the cursor stays under it
    std::vector<int> rows = check_labels(ui, "heatmap.weights", ui.app.result->tokens);
    REQUIRE(!rows.empty());
    CHECK(rows.front() <= 40);
    CHECK(rows.back() >= 40);
    CHECK(rows.back() - rows.front() < 40);
    const int first = rows.front();
    CHECK(attn::ui::ui_widget_rect(ui.app, "heatmap.weights.reset", r));

    const int selected = ui.app.selected_query;
    ui.drag(at, ImVec2(at.x, at.y + 60)); // pull the map down: earlier rows come into view
    rows = check_labels(ui, "heatmap.weights", ui.app.result->tokens);
    REQUIRE(!rows.empty());
    CHECK(rows.front() < first);
    CHECK(ui.app.selected_query == selected); // a drag is not a click

    const attn::ui::WidgetRect reset = ui.rect("heatmap.weights.reset");
    ui.move_to(reset.x + reset.w * 0.5f, reset.y + reset.h * 0.5f);
    ImGui::GetIO().AddMouseButtonEvent(0, true);
    ui.frames(1);
    ImGui::GetIO().AddMouseButtonEvent(0, false);
    ui.frames(3);
    CHECK_FALSE(attn::ui::ui_widget_rect(ui.app, "heatmap.weights.reset", r));
    rows = check_labels(ui, "heatmap.weights", ui.app.result->tokens);
    CHECK(rows.front() == 0);
    CHECK(rows.back() >= 62);
    CHECK(ui.app.selected_query == selected); // nor is the reset button's click
}

// The toy core stops at 512 tokens; a model's context is 1024 (issue 13): the widget alone,
// in a 600 px window, as the model view's main map would be.
TEST_CASE("a 1024×1024 map draws a texture and only the labels that fit; zoomed in, every label in view", "[ui][zoom][labels]") {
    App ui;
    const int n = 1024;
    std::vector<std::string> tokens(n);
    for (int k = 0; k < n; ++k) tokens[k] = kWords[k % (sizeof kWords / sizeof *kWords)] + std::to_string(k);
    std::vector<double> values(static_cast<size_t>(n) * n);
    for (size_t k = 0; k < values.size(); ++k) values[k] = static_cast<double>(k % 97) / 97.0;
    attn::ui::HeatmapEvents ev;
    auto frame = [&] {
        ui.app.last_widget_rects.swap(ui.app.widget_rects);
        ui.app.widget_rects.clear();
        ui.app.drawn_labels.clear();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(640, 680));
        ImGui::Begin("big", nullptr, ImGuiWindowFlags_NoDecoration);
        attn::ui::HeatmapOptions opt;
        opt.height = ImGui::GetContentRegionAvail().y;
        ev = attn::ui::heatmap(ui.app, "heatmap.big", values.data(), n, n, tokens, tokens, opt);
        ImGui::End();
        ImGui::Render();
    };
    const int uploads = ui.uploads;
    frame();
    frame();
    CHECK(ui.uploads > uploads); // the cells are a texture, not a million rectangles
    CHECK(ImGui::GetDrawData()->TotalVtxCount < 20000);
    std::vector<int> rows = check_labels(ui, "heatmap.big", tokens);
    CHECK(rows.size() >= 20);
    const attn::ui::WidgetRect w = ui.rect("heatmap.big");
    CHECK(rows.size() <= 2 * w.h / 9.0f); // two lanes of 9 px type: a fifth of the 1024, not all
    CHECK(ui.labels("heatmap.big", true).size() <= 2 * w.w / 9.0f);
    CHECK(ev.zoomable);
    ImGui::GetIO().AddMousePosEvent(w.x + w.w * 0.5f, w.y + w.h * 0.5f);
    frame();
    frame();
    ImGui::GetIO().AddMouseWheelEvent(0.0f, 40.0f); // to the zoom limit
    frame();
    frame();
    CHECK(ev.zoom > 20.0f);
    CHECK(ev.visible_rows < 40);
    rows = check_labels(ui, "heatmap.big", tokens);
    REQUIRE(rows.size() >= 3);
    for (size_t k = 1; k < rows.size(); ++k) CHECK(rows[k] == rows[k - 1] + 1); // every label in view
    CHECK(rows.front() > 480);
    CHECK(rows.back() < 544);
    CHECK(ev.hovered_caption.find("“" + tokens[ev.hovered_row] + "” (" + std::to_string(ev.hovered_row + 1) + ") → “") == 0);
}

TEST_CASE("panel 7 at 34 tokens: the 7 largest weights have their own colours in the legend, the rest are listed by name", "[ui][labels]") {
    App ui;
    ui.open_text(34);
    ui.app.selected_query = 9; // "cat": attends to itself most, a varied row
    ui.frames(2);
    const attn::Matrix& w = ui.app.result->head[0].weights;
    std::vector<int> order(34);
    for (int j = 0; j < 34; ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return w(9, a) > w(9, b); });
    float r[4];
    for (int k = 0; k < 34; ++k) {
        INFO("token " << order[k] + 1 << ", rank " << k + 1);
        CHECK(attn::ui::ui_widget_rect(ui.app, "sum.legend." + std::to_string(order[k] + 1), r) == (k < 7));
    }
    const attn::ui::WidgetRect others = ui.rect("sum.legend.others");
    ui.move_to(others.x + others.w * 0.5f, others.y + others.h * 0.5f);
    for (int k = 7; k < 34; ++k) {
        const std::string entry = ui.app.result->tokens[order[k]] + " (" + std::to_string(order[k] + 1) + ")";
        INFO(entry);
        CHECK(ui.app.tooltip.find(entry) != std::string::npos);
    }
}
