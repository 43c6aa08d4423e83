// What a new user tripped over (issue 10), driven through the headless UI as they met it.
#include "ui_driver.h"
#include "lesson_mode.h"
#include "panels.h"
#include "core/scenario_json.h"
#include <catch2/catch.hpp>
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
