// At 1280×800, with the app's own font, every lesson step shows its task (or its hint)
// inside the lesson panel without scrolling it. ImGui lays out from the font and the window
// size alone, so the headless UI measures what the page shows (checked: the rectangles of
// lesson.body and lesson.answer agree with the page's in Chromium to the pixel), in 0.1 s
// instead of the 45 s a browser needed to draw every step.
#include "tests/support/headless_ui.h"
#include "ui/lesson_mode.h"
#include "ui/model_mode.h"
#include <catch2/catch.hpp>
#include <string>

namespace {
const ImWchar kFontGlyphRanges[] = {
#include "attnviz_font_ranges.inc"
    0}; // ImGui reads ranges up to a 0 (ASan: a global-buffer-overflow without it)
} // namespace

TEST_CASE("at 1280×800 every lesson step shows its task or hint without scrolling the lesson panel", "[lesson][layout]") {
    // Chinese glyphs are twice as wide as Latin ones: both languages must fit, and wrap inside the panel.
    const std::string lang = GENERATE(as<std::string>{}, "en", "zh");
    INFO("lessons in " << lang);
    HeadlessUi ui(ATTNVIZ_FONT_FILE, kFontGlyphRanges);
    REQUIRE(ui.pf.width == 1280);
    REQUIRE(ui.pf.height == 800);
    REQUIRE(ImGui::GetIO().Fonts->Fonts.Size == 1); // the app's font, not ImGui's default
    REQUIRE(ImGui::GetIO().Fonts->Fonts[0]->FontSize == 16.0f);
    REQUIRE(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(0x6CE8) != nullptr); // 注: the CJK subset
    attn::ui::model_state(ui.app).default_dir = ATTNVIZ_MODEL_DIR; // lesson 9's steps show the shipped model
    attn::ui::ui_load_lessons(ui.app, ATTNVIZ_LESSON_DIR);
    REQUIRE(ui.app.lesson.load_errors.empty());
    REQUIRE(ui.app.lesson.lessons.size() >= 8);
    REQUIRE(attn::ui::ui_set_language(ui.app, lang));
    int checked = 0;
    for (const attn::ui::Lesson& lesson : ui.app.lesson.lessons) {
        for (int step = 1; step <= static_cast<int>(lesson.steps.size()); ++step) {
            std::string error;
            REQUIRE(attn::ui::ui_open_lesson(ui.app, lesson.id, step, &error));
            ui.frames(3);
            float body[4] = {}, target[4] = {}, text[4] = {};
            REQUIRE(attn::ui::ui_widget_rect(ui.app, "lesson.body", body));
            REQUIRE(attn::ui::ui_widget_rect(ui.app, "lesson.text", text));
            INFO(lesson.id << " step " << step << ": the text is " << text[2] << " px wide at x = " << text[0] << ", the panel " << body[2] << " at x = " << body[0]);
            CHECK(text[0] + text[2] <= body[0] + body[2] + 0.5f); // wrapped, not cut off at the panel's edge
            const bool answer = attn::ui::ui_widget_rect(ui.app, "lesson.answer", target);
            const bool hint = !answer && attn::ui::ui_widget_rect(ui.app, "lesson.hint", target);
            // A task without an answer field (a click in the model view): its whole box.
            if (!answer && !hint && !attn::ui::ui_widget_rect(ui.app, "lesson.task", target)) continue;
            INFO(lesson.id << " step " << step << ": " << (answer ? "lesson.answer" : hint ? "lesson.hint" : "lesson.task") << " ends at y = "
                           << target[1] + target[3] << ", the panel at " << body[1] + body[3]);
            CHECK(target[1] + target[3] <= body[1] + body[3] + 0.5f);
            ++checked;
        }
    }
    CHECK(checked >= 40); // most steps have a task; a layout that hid every widget would check none
}
