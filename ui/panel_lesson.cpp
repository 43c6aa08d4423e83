// attnviz UI: the lesson panel (text with live values, task, hint, next/back) and the
// header's lesson picker. What they do goes through lesson_mode.h.
#include "formula.h"
#include "i18n.h"
#include "lesson_mode.h"
#include "panels.h"
#include "session.h"
#include "training.h"
#include "widgets.h"
#include "theme.h"
#include "imgui.h"
#include <algorithm>
#include <sstream>

namespace attn::ui {

namespace {

// Text with a little Markdown: blank lines separate paragraphs, "- " starts a bullet,
// **bold** and `code` marks are dropped (ImGui has one font).
void draw_markdown(const std::string& text) {
    std::istringstream in(text);
    std::string line, paragraph;
    auto flush = [&paragraph]() {
        if (paragraph.empty()) return;
        text_wrapped_at_spaces(paragraph);
        ImGui::Spacing();
        paragraph.clear();
    };
    while (std::getline(in, line)) {
        for (const char* mark : {"**", "`"})
            for (size_t p; (p = line.find(mark)) != std::string::npos;) line.erase(p, std::string(mark).size());
        if (line.empty()) {
            flush();
        } else if (line.rfind("- ", 0) == 0) {
            flush();
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::BeginGroup(); // continuation lines line up with the first, after the bullet
            text_wrapped_at_spaces(line.substr(2));
            ImGui::EndGroup();
        } else {
            paragraph += (paragraph.empty() ? "" : " ") + line;
        }
    }
    flush();
}

} // namespace

// [SECTION] Lesson panel

void draw_lesson_panel(AppState& app) {
    LessonState& ls = app.lesson;
    const Lesson& lesson = ls.lessons[ls.active];
    const LessonStep& step = lesson.steps[ls.step];
    const int steps = static_cast<int>(lesson.steps.size());

    ImGui::PushStyleColor(ImGuiCol_Text, kAccent);
    text_wrapped_at_spaces(tr(app.language, "lesson.title", {{"title", lesson.title}}));
    ImGui::PopStyleColor();
    // Progress: one dot per step, filled when done, the current one outlined; click to jump.
    for (int i = 0; i < steps; ++i) {
        if (i) ImGui::SameLine(0, 4);
        const bool done = lesson_step_done(app, i);
        ImGui::PushID(i);
        ImGui::PushStyleColor(ImGuiCol_Button, i == ls.step ? kAccent
                                               : done       ? IM_COL32(70, 150, 90, 255)
                                                            : IM_COL32(60, 60, 70, 255));
        if (ImGui::Button("##dot", ImVec2(14, 14))) {
            ImGui::PopStyleColor();
            ImGui::PopID();
            lesson_open_step(app, i);
            return;
        }
        ImGui::PopStyleColor();
        ImGui::SetItemTooltip("%s", tr(app.language, "lesson.step_tooltip", {{"n", std::to_string(i + 1)}, {"title", lesson.steps[i].title}}).c_str());
        ImGui::PopID();
    }
    ImGui::SameLine(0, 10);
    ImGui::TextDisabled("%s", tr(app.language, "lesson.progress", {{"n", std::to_string(ls.step + 1)}, {"steps", std::to_string(steps)}}).c_str());
    track_last_item(app, "lesson.progress");
    ImGui::Separator();
    // The step scrolls; Back / Next stay in view below it, however long the step is.
    const float footer_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("##lesson_body", ImVec2(0, -footer_h));
    track_widget(app, "lesson.body", ImGui::GetWindowPos(), ImGui::GetWindowSize());
    ImGui::TextUnformatted(tr(app.language, "lesson.step_heading", {{"n", std::to_string(ls.step + 1)}, {"title", step.title}}).c_str());

    ImGui::BeginGroup(); // one widget for the tests: the text stays inside the panel
    try {
        draw_markdown(render_text(step.text, *app.result));
    } catch (const std::exception& e) {
        ImGui::TextColored(ImVec4(1, 0.5f, 0.45f, 1), "%s", e.what());
    }
    ImGui::EndGroup();
    track_last_item(app, "lesson.text");

    if (step.task.kind != TaskKind::None) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(40, 36, 20, 255));
        ImGui::BeginChild("##task", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
        ImGui::TextColored(ImVec4(1, 0.82f, 0.35f, 1), "%s", tr(app.language, ls.done ? "lesson.task_done" : "lesson.task").c_str());
        std::string prompt;
        try {
            prompt = render_text(step.task.prompt, *app.result);
        } catch (const std::exception& e) {
            prompt = e.what();
        }
        text_wrapped_at_spaces(prompt);
        const bool typed = step.task.kind == TaskKind::Answer || step.task.kind == TaskKind::Predict;
        if (typed && !ls.done) {
            ImGui::SetNextItemWidth(120);
            const bool enter = ImGui::InputTextWithHint("##answer", tr(app.language, "lesson.answer_placeholder").c_str(), ls.answer, sizeof ls.answer,
                                                        ImGuiInputTextFlags_EnterReturnsTrue);
            track_last_item(app, "lesson.answer");
            ImGui::SameLine();
            const bool check = ImGui::Button(label(app, "lesson.check", "check").c_str());
            track_last_item(app, "lesson.check");
            if (enter || check) {
                lesson_submit_answer(app);
            }
            const bool hides = step.task.kind == TaskKind::Predict || !hidden_values(step).empty();
            if (hides && !ls.revealed && !ls.feedback.empty() && !ls.feedback_good) {
                ImGui::SameLine();
                if (ImGui::Button(label(app, "lesson.show_me", "reveal").c_str())) lesson_reveal(app); // after a try: the app shows it, the task stays open
                track_last_item(app, "lesson.reveal");
            }
        }
        if (!ls.feedback.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ls.feedback_good ? ImVec4(0.45f, 0.9f, 0.5f, 1) : ImVec4(1, 0.55f, 0.45f, 1));
            ImGui::BeginGroup(); // one widget for the tests, however many lines
            text_wrapped_at_spaces(ls.feedback);
            ImGui::EndGroup();
            ImGui::PopStyleColor();
            track_last_item(app, "lesson.feedback");
        } else if (ls.done) {
            ImGui::TextColored(ImVec4(0.45f, 0.9f, 0.5f, 1), "%s", tr(app.language, "lesson.done").c_str());
        }
        ImGui::EndChild();
        track_last_item(app, "lesson.task");
        ImGui::PopStyleColor();
    }
    if (!step.hint.empty()) {
        if (ImGui::SmallButton(label(app, ls.show_hint ? "lesson.hide_hint" : "lesson.show_hint", "hint").c_str())) ls.show_hint = !ls.show_hint;
        track_last_item(app, "lesson.hint");
        if (ls.show_hint) {
            try {
                text_wrapped_at_spaces(tr(app.language, "lesson.hint", {{"hint", render_text(step.hint, *app.result)}}));
            } catch (const std::exception& e) {
                ImGui::TextWrapped("%s", e.what());
            }
        }
    }

    bool train = false;
    if (!step.train.empty()) {
        // The way from "W_Q and W_K are learned" to watching them being learned.
        train = ImGui::Button(label(app, "lesson.train", "train", {{"task", step.train}}).c_str());
        track_last_item(app, "lesson.train");
    }
    ImGui::EndChild();
    if (train) {
        std::string error;
        if (!ui_open_training(app, nlohmann::json{{"task", step.train}}.dump(), &error)) app.error = error;
        return; // the lesson is closed now (one mode at a time)
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(ls.step == 0);
    if (ImGui::Button(label(app, "lesson.back", "back").c_str())) lesson_open_step(app, ls.step - 1);
    ImGui::EndDisabled();
    track_last_item(app, "lesson.back");
    ImGui::SameLine();
    if (ls.step + 1 < steps) {
        if (ImGui::Button(label(app, ls.done ? "lesson.next" : "lesson.skip", "next").c_str())) lesson_open_step(app, ls.step + 1);
        track_last_item(app, "lesson.next");
    } else {
        if (ImGui::Button(label(app, "lesson.finish", "finish").c_str())) ui_leave_lesson(app);
        track_last_item(app, "lesson.finish");
    }
    ImGui::SameLine();
    if (ImGui::Button(label(app, "lesson.leave", "leave").c_str())) ui_leave_lesson(app);
    track_last_item(app, "lesson.leave");
}

void draw_lessons_menu(AppState& app) {
    LessonState& ls = app.lesson;
    ImGui::SetNextItemWidth(std::min(290.0f, ImGui::GetContentRegionAvail().x));
    const bool open = in_mode(app, Mode::Lesson);
    const std::string preview = open ? tr(app.language, "lesson.title", {{"title", ls.lessons[ls.active].title}})
                                     : tr(app.language, "lessons.menu");
    if (ImGui::BeginCombo("##lessons", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (size_t i = 0; i < ls.lessons.size(); ++i) {
            const Lesson& l = ls.lessons[i];
            int tasks = 0, done = 0;
            for (size_t s = 0; s < l.steps.size(); ++s)
                if (l.steps[s].task.kind != TaskKind::None) {
                    ++tasks;
                    done += ls.completed[l.id].count(static_cast<int>(s)) ? 1 : 0;
                }
            const std::string item = tr(app.language, "lessons.menu_item", {{"n", std::to_string(i + 1)}, {"title", l.title},
                                        {"done", std::to_string(done)}, {"tasks", std::to_string(tasks)}}) + "###" + l.id;
            if (ImGui::Selectable(item.c_str(), open && static_cast<int>(i) == ls.active)) ui_open_lesson(app, l.id, 1, nullptr);
            if (!l.summary.empty()) ImGui::SetItemTooltip("%s", l.summary.c_str());
        }
        for (const std::string& e : ls.load_errors) {
            ImGui::PushStyleColor(ImGuiCol_Text, kError);
            ImGui::TextWrapped("%s", tr(app.language, "lessons.load_error", {{"error", e}}).c_str());
            ImGui::PopStyleColor();
        }
        if (ls.lessons.empty() && ls.load_errors.empty()) ImGui::TextDisabled("%s", tr(app.language, "lessons.none").c_str());
        ImGui::EndCombo();
    }
    track_last_item(app, "header.lessons");
}

} // namespace attn::ui
