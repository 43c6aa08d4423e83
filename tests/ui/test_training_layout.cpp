// The training playground at 1280×800, with the app's own font, in English and in Chinese
// (CJK glyphs are twice as wide): every control stays inside the panel, the controls keep
// their one row, and the fields that take the rest of a row keep room to be used.
#include "ui_driver.h"
#include "i18n.h"
#include "lesson_mode.h"
#include "training.h"
#include <algorithm>
#include "core/train/task.h"
#include <string>

namespace {
const ImWchar kFontGlyphRanges[] = {
#include "attnviz_font_ranges.inc"
    0}; // ImGui reads ranges up to a 0 (ASan: a global-buffer-overflow without it)

using attn::ui::WidgetRect;

bool inside(const WidgetRect& r, const WidgetRect& panel) {
    return r.x >= panel.x - 0.5f && r.x + r.w <= panel.x + panel.w + 0.5f;
}
} // namespace

TEST_CASE("at 1280×800 the training panel lays out inside its panel in English and Chinese", "[training][layout]") {
    const std::string lang = GENERATE(as<std::string>{}, "en", "zh");
    Headless ui(ATTNVIZ_FONT_FILE, kFontGlyphRanges);
    REQUIRE(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(0x8BAD) != nullptr); // 训: the CJK subset
    REQUIRE(attn::ui::ui_set_language(ui.app, lang));
    for (const attn::train::Task& task : attn::train::all_tasks()) {
        INFO(lang << ", task " << task.name);
        std::string error;
        REQUIRE(attn::ui::ui_open_training(ui.app, "{\"task\": \"" + task.name + "\"}", &error));
        ui.frames(3);
        float lr[4];
        if (!attn::ui::ui_widget_rect(ui.app, "train.lr", lr)) ui.click("train.settings"); // the settings too
        ui.frames(2);
        const WidgetRect panel = ui.rect("panel.training");
        for (const char* name : {"train.collapse", "train.leave", "train.task", "train.play", "train.step", "train.reset",
                                 "train.speed", "train.settings", "train.lr", "train.seed", "train.curves", "plot.loss",
                                 "plot.accuracy", "train.example", "train.follow"}) {
            INFO(name);
            CHECK(inside(ui.rect(name), panel));
        }
        // Play, Step, Reset and the speed on one row, the speed still wide enough for its longest name.
        const WidgetRect play = ui.rect("train.play"), speed = ui.rect("train.speed");
        CHECK(speed.y == play.y);
        float widest = 0;
        for (int i = 0; i < attn::ui::kTrainingSpeedCount; ++i)
            widest = std::max(widest, ImGui::CalcTextSize(attn::ui::tr(lang, attn::ui::kTrainingSpeeds[i].key).c_str()).x);
        CHECK(speed.w >= widest + ImGui::GetFrameHeight());
        CHECK(ui.rect("train.leave").y == ui.rect("train.collapse").y); // the title keeps its one line
        if (ui.app.training.run->held_out.size() > 1) { // the learner's own example: room to type it
            const WidgetRect field = ui.rect("train.try");
            CHECK(inside(field, panel));
            CHECK(field.w >= ImGui::GetFontSize() * 8);
            CHECK(field.y == ui.rect("train.prev_example").y);
        }
        attn::ui::training_leave(ui.app);
        ui.frames(2);
    }
}
