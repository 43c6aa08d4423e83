// What a new user tripped over (issue 10), driven through the headless UI as they met it.
#include "ui_driver.h"
#include "imgui_internal.h" // the text field Tab opened
#include "files.h"
#include "lesson_mode.h"
#include "panels.h"
#include "session.h"
#include "core/scenario_json.h"
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

using namespace attn::ui;

namespace {

struct LessonUi : Headless {
    LessonUi() { ui_load_lessons(app, ATTNVIZ_LESSON_DIR); }
    void open(int step) {
        std::string error;
        REQUIRE(ui_open_lesson(app, "01-dot-product-by-hand", step, &error));
        frames(2);
    }
    void answer(const char* text) {
        click("lesson.answer");
        ImGui::GetIO().AddInputCharactersUTF8(text);
        frames(1);
        key(ImGuiKey_Enter);
        frames(1);
    }
    void hover_cell(const std::string& heatmap, int i, int j, int n) {
        const ImVec2 c = cell(heatmap, i, j, n);
        move_to(c.x, c.y);
    }
};

} // namespace

TEST_CASE("a wrong answer's feedback wraps inside the lesson panel", "[ui][lesson][new-user]") {
    LessonUi ui;
    ui.open(3);
    ui.answer("3");
    REQUIRE_FALSE(ui.app.lesson.feedback.empty());
    const WidgetRect panel = ui.rect("panel.lesson"), feedback = ui.rect("lesson.feedback");
    CHECK(feedback.x + feedback.w <= panel.x + panel.w);
    CHECK(feedback.h > ImGui::GetTextLineHeight() * 1.5f); // the message is longer than one line there
}

TEST_CASE("a task that asks for a hand calculation hides that value until it is answered", "[ui][lesson][new-user]") {
    LessonUi ui;
    ui.open(3); // s₁₃ = x₁·x₃ = 2
    ui.hover_cell("heatmap.scores", 0, 2, 3);
    CHECK(ui.app.tooltip.find("Hidden") != std::string::npos);
    CHECK(ui.app.tooltip.find("= 2") == std::string::npos);
    ui.hover_cell("heatmap.scores", 2, 0, 3); // s₃₁ = x₃·x₁ = s₁₃ (W_Q = W_K) would give it away
    INFO(ui.app.tooltip);
    CHECK(ui.app.tooltip.find("Hidden") != std::string::npos);
    CHECK(ui.app.tooltip.find("= 2") == std::string::npos);
    ui.hover_cell("heatmap.scores", 0, 1, 3); // the others stay readable
    CHECK(ui.app.tooltip.find("s₁₂") != std::string::npos);
    ui.answer("2");
    REQUIRE(ui.app.lesson.done);
    ui.hover_cell("heatmap.scores", 0, 2, 3);
    CHECK(ui.app.tooltip.find("s₁₃") != std::string::npos);
}

TEST_CASE("predicting the largest weight: row 1's weights, entropy and panel 7 are hidden until the click", "[ui][lesson][new-user]") {
    LessonUi ui;
    ui.open(4);
    ui.hover_cell("heatmap.weights", 0, 0, 3);
    CHECK(ui.app.tooltip.find("Hidden") != std::string::npos);
    float r[4];
    CHECK(ui_widget_rect(ui.app, "sum.hidden", r));      // legend with 0.47 / 0.06 / 0.47 not drawn
    CHECK_FALSE(ui_widget_rect(ui.app, "sum.chart", r));
    ui.hover_cell("heatmap.weights", 1, 0, 3);            // row 2 is not asked for
    CHECK(ui.app.tooltip.find("w₂₁") != std::string::npos);
    ui.click(ui.cell("heatmap.weights", 0, 2, 3).x, ui.cell("heatmap.weights", 0, 2, 3).y);
    CHECK(ui.app.lesson.done);
    ui.app.selected_query = 0;
    ui.frames(2);
    CHECK(ui_widget_rect(ui.app, "sum.chart", r));
}

TEST_CASE("an export does not give away the value a task hides: CSV, PNG and the result refused until answered", "[ui][lesson][new-user][files]") {
    LessonUi ui;
    std::map<std::string, std::string> files;
    ui.app.files.deliver = [&](const std::string& name, const std::string& bytes, std::string&) {
        files[name] = bytes;
        return name;
    };
    ui.open(4); // predict the largest weight of row 1: the weights, entropy and panel 7 hidden
    std::string error;
    for (const char* what : {"weights.csv", "weights.png", "weights@2x.png", "head_output.csv", "output.png", "result.json"}) {
        INFO(what);
        CHECK_FALSE(ui_export(ui.app, what, error));
        CHECK_THAT(error, Catch::Contains("this lesson step asks you to work out"));
    }
    CHECK(files.empty());
    CHECK(ui_export(ui.app, "scores.csv", error)); // the scores are the step's given, shown on screen
    CHECK(ui_export(ui.app, "scenario.json", error));
    ui.click(ui.cell("heatmap.weights", 0, 2, 3).x, ui.cell("heatmap.weights", 0, 2, 3).y);
    REQUIRE(ui.app.lesson.done);
    CHECK(ui_export(ui.app, "weights.csv", error));
    CHECK(ui_export(ui.app, "result.json", error));
    CHECK(files.count("attnviz-weights-head1.csv") == 1);

    ui.open(3); // work out s₁₃: the scores hidden, until Show me
    CHECK_FALSE(ui_export(ui.app, "scores.csv", error));
    CHECK_FALSE(ui_export(ui.app, "logits@2x.png", error));
    ui.answer("3");
    ui.click("lesson.reveal");
    CHECK(ui_export(ui.app, "scores.csv", error));
}

TEST_CASE("Show me reveals a hidden value after a wrong try, and the task stays open", "[ui][lesson][new-user]") {
    LessonUi ui;
    ui.open(5); // w₁₃
    ui.answer("0.5");
    ui.click("lesson.reveal");
    CHECK_FALSE(ui.app.lesson.done);
    ui.hover_cell("heatmap.weights", 0, 2, 3);
    CHECK(ui.app.tooltip == "w₁₃ = e² / (e² + e⁰ + e²) = 0.468");
}

TEST_CASE("a lesson step sets its own view: mask editing and the logits view left on cannot leak in", "[ui][lesson][new-user]") {
    LessonUi ui;
    ui.app.mask_editing = true;
    ui.app.scores_view = 1;
    ui.open(4);
    CHECK(ui.app.scores_view == 0);
    ui.app.mask_editing = true; // even if turned on again within the step
    const std::string before = ui_scenario_json(ui.app);
    const ImVec2 c = ui.cell("heatmap.weights", 0, 2, 3);
    ui.click(c.x, c.y);
    CHECK(ui.app.lesson.done);
    CHECK(ui_scenario_json(ui.app) == before); // w₁₃ was not masked by the answering click
    CHECK(ui.app.scenario.mask == attn::MaskKind::None);
}

TEST_CASE("lesson progress squares are not filled on first open", "[ui][lesson][new-user]") {
    LessonUi ui;
    ui.open(1);
    for (int s = 1; s < static_cast<int>(ui.app.lesson.lessons[ui.app.lesson.active].steps.size()); ++s) {
        INFO("step " << s + 1);
        CHECK_FALSE(lesson_step_done(ui.app, s));
    }
    CHECK(lesson_step_done(ui.app, 0)); // read, and it has no task
}

TEST_CASE("panel 7's bars are the entries of o_i: o₁₁ o₁₂ o₁₃", "[ui][new-user]") {
    Headless ui;
    float r[4];
    for (const char* name : {"sum.bar.o₁₁", "sum.bar.o₁₂", "sum.bar.o₁₃"}) {
        INFO(name);
        CHECK(ui_widget_rect(ui.app, name, r));
    }
}

TEST_CASE("the sentence applies as you type, once typing pauses", "[ui][new-user]") {
    Headless ui;
    ui.click("tokens.sentence");
    ui.key(ImGuiKey_A, true);
    ImGui::GetIO().AddInputCharactersUTF8("the cat sat");
    ui.frames(2);
    CHECK(ui.app.result->tokens.size() == 3); // x₁ x₂ x₃ while still typing
    ui.frames(30);                            // half a second at 60 frames a second, no Enter
    CHECK(ui.app.result->tokens == std::vector<std::string>{"the", "cat", "sat"});
}

TEST_CASE("Tab from load reaches the sentence field, the seed, every embeddings cell row by row, then d_model", "[ui][keyboard][new-user]") {
    Headless ui;
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard; // as the app sets it
    std::string error;
    // Every cell a different value, so the order Tab takes is visible.
    REQUIRE(ui_set_scenario_json(ui.app, R"({"tokens": ["a", "b", "c"], "embeddings": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]})", &error));
    ui.frames(2);
    ui.click(5, 5);                                                   // the page, outside any field
    const attn::Result& r = *ui.app.result;
    const int T = static_cast<int>(r.tokens.size()), d = r.d_model;
    const size_t wanted = 2 + static_cast<size_t>(T * d) + 1;
    // The text of each field Tab opens for typing, in order (ImGui's text state of the active field).
    std::vector<std::string> reached;
    for (int k = 0; k < 120 && reached.size() < wanted; ++k) {
        ui.key(ImGuiKey_Tab);
        ui.frames(1); // io.WantTextInput says what the frame before the last one had active
        const ImGuiContext& g = *GImGui;
        if (!ImGui::GetIO().WantTextInput) continue;
        reached.emplace_back(g.InputTextState.TextA.Data, g.InputTextState.CurLenA);
    }
    // Without NavFlattened panels Tab went from one panel's outline to the next and never
    // into a field (issue 10, item 12); the embeddings' cells scroll in a table of their own,
    // which Tab passed over until it was flattened into its panel.
    REQUIRE(reached.size() == wanted);
    CHECK(reached[0] == ui.app.sentence);                                // the sentence
    CHECK(reached[1] == std::to_string(ui.app.scenario.embedding_seed)); // the embeddings' seed
    for (int i = 0; i < T; ++i)
        for (int c = 0; c < d; ++c) {
            char cell[32];
            std::snprintf(cell, sizeof cell, "%.2f", r.embeddings(i, c));
            INFO("cell " << i << ", " << c);
            CHECK(reached[2 + static_cast<size_t>(i * d + c)] == cell);
        }
    CHECK(reached.back() == std::to_string(r.d_model)); // the settings' d_model
}

TEST_CASE("double-clicking the temperature slider lets one type its value", "[ui][keyboard][new-user]") {
    Headless ui;
    const WidgetRect r = ui.rect("settings.temperature");
    const float x = r.x + r.w * 0.3f, y = r.y + r.h * 0.5f;
    ui.move_to(x, y);
    for (int k = 0; k < 2; ++k) {
        ImGui::GetIO().AddMouseButtonEvent(0, true);
        ui.frames(1);
        ImGui::GetIO().AddMouseButtonEvent(0, false);
        ui.frames(1);
    }
    ui.frames(1);
    REQUIRE(ImGui::GetIO().WantTextInput);
    ui.key(ImGuiKey_A, true);
    ImGui::GetIO().AddInputCharactersUTF8("0.5");
    ui.frames(1);
    ui.key(ImGuiKey_Enter);
    CHECK(ui.app.scenario.temperature == Approx(0.5).epsilon(1e-6));
}

TEST_CASE("the header's ? opens a short keyboard help", "[ui][keyboard][new-user]") {
    Headless ui;
    ui.click("header.help");
    CHECK(ImGui::IsPopupOpen("##keyboard_help", ImGuiPopupFlags_AnyPopupId));
}

TEST_CASE("below three usable columns: inputs and maps side by side, then stacked at full width; the header wraps", "[ui][layout][new-user]") {
    for (const auto& [w, h] : std::vector<std::pair<float, float>>{{800, 600}, {1024, 768}, {1366, 768}, {390, 844}}) {
        INFO(w << "×" << h);
        Headless ui;
        ui.pf.width = w, ui.pf.height = h;
        ImGui::GetIO().DisplaySize = ImVec2(w, h);
        std::string error;
        REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "the cat sat on the mat", "embedding": {"dim": 4, "seed": 1}})", &error));
        ui.frames(3);
        const WidgetRect train = ui.rect("header.train"), all = ui.rect("header.help");
        if (w >= 600 && w < 1000) { // two columns: the first screen shows the inputs and a map beside them
            const WidgetRect inputs = ui.rect("panel.inputs"), q = ui.rect("qkv.q");
            CHECK(q.x >= inputs.x + inputs.w);
            CHECK(q.y + q.h <= h);
        }
        float heat[4];
        for (int scroll = 0; scroll < 20 && !ui_widget_rect(ui.app, "heatmap.weights", heat); ++scroll) { // stacked: scroll down to it
            ui.move_to(w * 0.5f, h * 0.6f);
            ImGui::GetIO().AddMouseWheelEvent(0.0f, -3.0f);
            ui.frames(2);
        }
        REQUIRE(ui_widget_rect(ui.app, "heatmap.weights", heat));
        CHECK(heat[2] >= 120);
        CHECK(train.x + train.w <= w);
        CHECK(all.x + all.w <= w);
        if (w < 600) CHECK(ui.rect("panel.weights").w > w * 0.8f); // stacked: full width
    }
}

TEST_CASE("a 34-token sentence keeps readable row and column labels, and hovering names the row and column", "[ui][labels][new-user]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "the quick brown fox jumps over the lazy dog while the cat sat on the mat because it was tired and the bird sang a song about the long winter night in the snow", "embedding": {"dim": 8, "seed": 1}})", &error));
    ui.frames(3);
    REQUIRE(ui.app.result->tokens.size() == 34);
    float r[4];
    // At 1280×800 the scores map has room for upright labels in small type; the weights map
    // (narrower: entropy and colour bar beside it) relies on the hover labels below.
    CHECK(ui_widget_rect(ui.app, "heatmap.scores.col_labels", r));
    CHECK(ui_widget_rect(ui.app, "heatmap.scores.row_labels", r));
    const ImVec2 c = ui.cell("heatmap.weights", 5, 20, 34);
    ui.move_to(c.x, c.y);
    CHECK(ui_widget_rect(ui.app, "heatmap.weights.hover_labels", r));
    CHECK(ui.app.tooltip.find("w₆,₂₁") != std::string::npos);
}

TEST_CASE("heads: equal-size maps in the all-heads view, and the title follows back to one head", "[ui][heads][new-user]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "the cat sat on the mat", "embedding": {"dim": 8, "seed": 1}, "heads": 4, "projections": {"seed": 2}})", &error));
    ui.frames(2);
    ui.click("header.all_heads");
    REQUIRE(ui.app.show_all_heads);
    float r[4];
    CHECK(ui_widget_rect(ui.app, "weights.title.all_heads", r));
    const WidgetRect h1 = ui.rect("heatmap.weights.head.1"), h2 = ui.rect("heatmap.weights.head.2");
    CHECK(h1.w == Approx(h2.w).epsilon(0.01)); // head 1 used to be drawn much smaller (it alone had row labels)
    const WidgetRect all = ui.rect("header.all_heads");
    CHECK(all.x + all.w <= ui.pf.width);
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "the cat sat on the mat", "embedding": {"dim": 8, "seed": 1}, "heads": 1})", &error));
    ui.frames(2);
    CHECK_FALSE(ui_widget_rect(ui.app, "weights.title.all_heads", r));
}

TEST_CASE("in the training layout panel 7's output line and titles stay inside the panel", "[ui][training][new-user]") {
    Headless ui;
    ui.click("header.train");
    REQUIRE(in_mode(ui.app, Mode::Training));
    ui.frames(2);
    const WidgetRect panel = ui.rect("panel.sum"), line = ui.rect("sum.output_vector");
    CHECK(line.x + line.w <= panel.x + panel.w);
}
