// Drives the headless UI (tests/support/headless_ui.h) with synthetic mouse and keyboard
// events on named widgets, as a user would: shared by the UI test files.
#pragma once
#include "tests/support/headless_ui.h"
#include <catch2/catch.hpp>
#include <string>

struct Headless : HeadlessUi {
    using HeadlessUi::HeadlessUi; // a font file and its glyph ranges, for layout tests
    attn::ui::WidgetRect rect(const std::string& name) {
        float r[4];
        REQUIRE(ui_widget_rect(app, name, r));
        return attn::ui::WidgetRect{r[0], r[1], r[2], r[3]};
    }
    void move_to(float x, float y) {
        ImGui::GetIO().AddMousePosEvent(x, y);
        frames(2);
    }
    void click(float x, float y) {
        move_to(x, y);
        ImGui::GetIO().AddMouseButtonEvent(0, true);
        frames(1);
        ImGui::GetIO().AddMouseButtonEvent(0, false);
        frames(2);
    }
    void click(const std::string& widget) {
        const attn::ui::WidgetRect r = rect(widget);
        click(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
    }
    void key(ImGuiKey k, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
        io.AddKeyEvent(k, true);
        frames(1);
        io.AddKeyEvent(k, false);
        if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
        frames(1);
    }
    // Centre of cell (i, j) of a square heatmap widget with n columns.
    ImVec2 cell(const std::string& name, int i, int j, int n) {
        const attn::ui::WidgetRect r = rect(name);
        return ImVec2(r.x + r.w * (j + 0.5f) / n, r.y + r.h * (i + 0.5f) / n);
    }
};

