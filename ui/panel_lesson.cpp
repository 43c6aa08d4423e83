// attnviz UI: the lesson engine at run time (open, step, check tasks, save progress) and
// the lesson panel (text with live values, task, hint, next/back).
#include "formula.h"
#include "panels.h"
#include "training.h"
#include "ui.h"
#include "../core/scenario_json.h"
#include "imgui.h"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using nlohmann::json;

const json& start_scenario() {
    // Where a lesson's first step starts when it gives only a patch: the classic example.
    static const json start = json::parse(
        R"({"tokens": ["x₁", "x₂", "x₃"], "embeddings": [[1,0,1],[0,1,0],[1,1,1]], "projections": "identity", "scale": false})");
    return start;
}

void save(AppState& app) {
    if (app.save_progress) app.save_progress(ui_progress_json(app));
}

void reveal(AppState& app);

// Opens step `step` (0-based) of the active lesson, replaying the steps before it so the
// scenario is the one the lesson builds up to there.
void open_step(AppState& app, int step) {
    LessonState& ls = app.lesson;
    const Lesson& lesson = ls.lessons[ls.active];
    step = std::clamp(step, 0, static_cast<int>(lesson.steps.size()) - 1);
    json scenario = start_scenario();
    for (int i = 0; i < step; ++i) scenario = step_end_scenario(lesson.steps[i], step_scenario(lesson.steps[i], scenario));
    scenario = step_scenario(lesson.steps[step], scenario);
    std::string error;
    if (!ui_set_scenario_json(app, scenario.dump(), &error)) app.error = "lesson step: " + error; // keeps the app usable
    const LessonStep& s = lesson.steps[step];
    if (s.select >= 0) ui_select_query(app, s.select);
    if (s.head >= 0) {
        app.selected_head = std::min(s.head, app.result->heads - 1);
        app.show_all_heads = false;
    }
    ls.step = step;
    ls.opening = attn::scenario_to_json(app.scenario);
    ls.checked_generation = app.generation;
    ls.done = s.task.kind == TaskKind::None || ls.completed[lesson.id].count(step) > 0;
    ls.feedback.clear();
    ls.feedback_good = false;
    ls.show_hint = false;
    ls.scroll_to_highlight = true;
    ls.answer[0] = '\0';
    if (s.task.kind == TaskKind::Predict && ls.done) reveal(app); // predicted before: show the outcome again
    save(app);
}

// A prediction's outcome goes on screen only after the learner has committed to a number.
void reveal(AppState& app) {
    const LessonState& ls = app.lesson;
    const LessonStep& s = ls.lessons[ls.active].steps[ls.step];
    std::string error;
    if (!ui_set_scenario_json(app, step_end_scenario(s, ls.opening).dump(), &error)) app.error = "lesson step: " + error;
}

void mark_done(AppState& app, const TaskOutcome& outcome) {
    LessonState& ls = app.lesson;
    try {
        ls.feedback = render_text(outcome.feedback, *app.result); // success texts may quote live values
    } catch (const std::exception&) {
        ls.feedback = outcome.feedback;
    }
    ls.feedback_good = outcome.done;
    if (!outcome.done) return;
    ls.done = true;
    ls.completed[ls.lessons[ls.active].id].insert(ls.step);
    save(app);
}

const LessonStep* active_step(const AppState& app) {
    const LessonState& ls = app.lesson;
    return ls.active >= 0 ? &ls.lessons[ls.active].steps[ls.step] : nullptr;
}

// ImGui's word wrap also breaks after '.', which splits a number such as 0.161 over two
// lines; lessons are full of numbers, so break at spaces only.
void text_wrapped_at_spaces(const std::string& text) {
    const float width = ImGui::GetContentRegionAvail().x;
    std::string line;
    for (size_t pos = 0; pos <= text.size();) {
        size_t end = text.find(' ', pos);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(pos, end - pos);
        const std::string longer = line.empty() ? word : line + " " + word;
        if (!line.empty() && ImGui::CalcTextSize(longer.c_str()).x > width) {
            ImGui::TextUnformatted(line.c_str());
            line = word;
        } else {
            line = longer;
        }
        pos = end + 1;
    }
    if (!line.empty()) ImGui::TextUnformatted(line.c_str());
}

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

// [SECTION] Lesson engine

void ui_load_lessons(AppState& app, const std::string& dir) {
    LessonState& ls = app.lesson;
    ls.lessons.clear();
    ls.load_errors.clear();
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".md") files.push_back(entry.path());
    if (ec) ls.load_errors.push_back("lessons folder " + dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        try {
            Lesson lesson = parse_lesson(path.stem().string(), text.str());
            validate_lesson(lesson, start_scenario());
            ls.lessons.push_back(std::move(lesson));
        } catch (const std::exception& e) {
            ls.load_errors.push_back(e.what());
        }
    }
}

bool ui_open_lesson(AppState& app, const std::string& id, int step, std::string* error) {
    LessonState& ls = app.lesson;
    const auto it = std::find_if(ls.lessons.begin(), ls.lessons.end(), [&](const Lesson& l) { return l.id == id; });
    if (it == ls.lessons.end()) {
        if (error) *error = "no lesson “" + id + "”";
        return false;
    }
    const int steps = static_cast<int>(it->steps.size());
    if (step < 1 || step > steps) {
        if (error) *error = "lesson “" + id + "” has steps 1…" + std::to_string(steps);
        return false;
    }
    if (app.training.open) training_leave(app);        // one mode at a time; restores the user's scenario
    if (ls.active < 0) ls.user_scenario = app.scenario; // returned on leaving
    ls.active = static_cast<int>(it - ls.lessons.begin());
    open_step(app, step - 1);
    return true;
}

void ui_leave_lesson(AppState& app) {
    LessonState& ls = app.lesson;
    if (ls.active < 0) return;
    ls.active = -1;
    app.scenario = ls.user_scenario;
    commit_edit(app);
    save(app);
}

std::string ui_lesson_json(const AppState& app) {
    const LessonState& ls = app.lesson;
    if (ls.active < 0) return "null";
    const Lesson& l = ls.lessons[ls.active];
    return json{{"id", l.id}, {"title", l.title}, {"step", ls.step + 1}, {"steps", l.steps.size()}, {"done", ls.done}}.dump();
}

std::string ui_progress_json(const AppState& app) {
    const LessonState& ls = app.lesson;
    json completed = json::object();
    for (const auto& [id, steps] : ls.completed) {
        json list = json::array();
        for (int s : steps) list.push_back(s + 1);
        completed[id] = list;
    }
    return json{{"version", 1},
                {"lesson", ls.active >= 0 ? json(ls.lessons[ls.active].id) : json()},
                {"step", ls.active >= 0 ? ls.step + 1 : 0},
                {"completed", completed},
                // Not restored (a run is quick to redo); the page keeps its #train= link current with it.
                {"train", app.training.open && app.training.run
                              ? json{{"task", app.training.run->task->name}, {"seed", app.training.run->config.seed}}
                              : json()}}
        .dump();
}

void ui_restore_progress(AppState& app, const std::string& text) {
    // Progress is a convenience: anything unreadable is ignored rather than reported.
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return;
    if (j.contains("completed") && j["completed"].is_object())
        for (auto it = j["completed"].begin(); it != j["completed"].end(); ++it)
            if (it.value().is_array())
                for (const json& s : it.value())
                    if (s.is_number_integer() && s.get<long long>() >= 1 && s.get<long long>() <= 100000)
                        app.lesson.completed[it.key()].insert(static_cast<int>(s.get<long long>()) - 1);
    if (j.contains("lesson") && j["lesson"].is_string() && j.contains("step") && j["step"].is_number_integer() &&
        j["step"].get<long long>() >= 1 && j["step"].get<long long>() <= 100000)
        ui_open_lesson(app, j["lesson"], static_cast<int>(j["step"].get<long long>()), nullptr);
}

bool lesson_highlights(const AppState& app, const char* panel) {
    const LessonStep* s = active_step(app);
    return s && std::find(s->highlight.begin(), s->highlight.end(), panel) != s->highlight.end();
}

std::vector<std::pair<int, int>> lesson_cells(const AppState& app, const char* panel) {
    std::vector<std::pair<int, int>> cells;
    if (const LessonStep* s = active_step(app))
        for (const LessonCell& c : s->cells)
            if (c.panel == panel) cells.emplace_back(c.row, c.col);
    return cells;
}

void lesson_on_cell_click(AppState& app, const char* panel, int head, int row, int col) {
    const LessonStep* s = active_step(app);
    if (!s || s->task.kind != TaskKind::Click || app.lesson.done || !app.result) return;
    try {
        const TaskOutcome outcome = check_click(s->task, *app.result, panel, head, row, col);
        if (!outcome.feedback.empty()) mark_done(app, outcome);
    } catch (const std::exception& e) { // a live value the learner's edits made impossible
        app.lesson.feedback = e.what();
        app.lesson.feedback_good = false;
    }
}

void lesson_check_live_task(AppState& app) {
    LessonState& ls = app.lesson;
    const LessonStep* s = active_step(app);
    if (!s || ls.done || s->task.kind != TaskKind::Condition || ls.checked_generation == app.generation) return;
    ls.checked_generation = app.generation;
    const bool changed = attn::scenario_to_json(app.scenario) != ls.opening;
    try {
        const TaskOutcome outcome = check_condition(s->task, *app.result, changed);
        if (outcome.done) mark_done(app, outcome);
    } catch (const std::exception& e) {
        ls.feedback = e.what();
    }
}

// [SECTION] Lesson panel

void draw_lesson_panel(AppState& app) {
    LessonState& ls = app.lesson;
    const Lesson& lesson = ls.lessons[ls.active];
    const LessonStep& step = lesson.steps[ls.step];
    const int steps = static_cast<int>(lesson.steps.size());

    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 210, 90, 255));
    ImGui::TextWrapped("Lesson: %s", lesson.title.c_str());
    ImGui::PopStyleColor();
    // Progress: one dot per step, filled when done, the current one outlined; click to jump.
    for (int i = 0; i < steps; ++i) {
        if (i) ImGui::SameLine(0, 4);
        const bool done = ls.completed[lesson.id].count(i) > 0 || lesson.steps[i].task.kind == TaskKind::None;
        ImGui::PushID(i);
        ImGui::PushStyleColor(ImGuiCol_Button, i == ls.step ? IM_COL32(255, 210, 90, 255)
                                               : done       ? IM_COL32(70, 150, 90, 255)
                                                            : IM_COL32(60, 60, 70, 255));
        if (ImGui::Button("##dot", ImVec2(14, 14))) {
            ImGui::PopStyleColor();
            ImGui::PopID();
            open_step(app, i);
            return;
        }
        ImGui::PopStyleColor();
        ImGui::SetItemTooltip("step %d: %s", i + 1, lesson.steps[i].title.c_str());
        ImGui::PopID();
    }
    ImGui::SameLine(0, 10);
    ImGui::TextDisabled("step %d of %d", ls.step + 1, steps);
    track_last_item(app, "lesson.progress");
    ImGui::Separator();
    // The step scrolls; Back / Next stay in view below it, however long the step is.
    const float footer_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("##lesson_body", ImVec2(0, -footer_h));
    track_widget(app, "lesson.body", ImGui::GetWindowPos(), ImGui::GetWindowSize());
    ImGui::Text("%d. %s", ls.step + 1, step.title.c_str());

    try {
        draw_markdown(render_text(step.text, *app.result));
    } catch (const std::exception& e) {
        ImGui::TextColored(ImVec4(1, 0.5f, 0.45f, 1), "%s", e.what());
    }

    if (step.task.kind != TaskKind::None) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(40, 36, 20, 255));
        ImGui::BeginChild("##task", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
        ImGui::TextColored(ImVec4(1, 0.82f, 0.35f, 1), ls.done ? "Task ✓" : "Your task");
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
            const bool enter = ImGui::InputTextWithHint("##answer", "your answer", ls.answer, sizeof ls.answer,
                                                        ImGuiInputTextFlags_EnterReturnsTrue);
            track_last_item(app, "lesson.answer");
            ImGui::SameLine();
            const bool check = ImGui::Button("Check");
            track_last_item(app, "lesson.check");
            if (enter || check) {
                try {
                    if (step.task.kind == TaskKind::Predict) {
                        mark_done(app, check_prediction(step.task, ls.opening, ls.answer));
                        if (ls.done) reveal(app);
                    } else {
                        mark_done(app, check_answer(step.task, *app.result, ls.answer));
                    }
                } catch (const std::exception& e) { // the answer's live value no longer exists
                    ls.feedback = std::string(e.what()) + ". Click this step's dot above to start it again.";
                    ls.feedback_good = false;
                }
            }
            if (step.task.kind == TaskKind::Predict && !ls.feedback.empty() && !ls.feedback_good) {
                ImGui::SameLine();
                if (ImGui::Button("Show me")) { // after a try: let the app show it, the task stays open
                    reveal(app);
                    ls.feedback = "Here it is on screen. Find where your arithmetic went another way, then type the value.";
                }
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
            ImGui::TextColored(ImVec4(0.45f, 0.9f, 0.5f, 1), "Done.");
        }
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
    if (!step.hint.empty()) {
        if (ImGui::SmallButton(ls.show_hint ? "Hide hint" : "Show a hint")) ls.show_hint = !ls.show_hint;
        track_last_item(app, "lesson.hint");
        if (ls.show_hint) {
            try {
                text_wrapped_at_spaces("Hint: " + render_text(step.hint, *app.result));
            } catch (const std::exception& e) {
                ImGui::TextWrapped("%s", e.what());
            }
        }
    }

    bool train = false;
    if (!step.train.empty()) {
        // The way from "W_Q and W_K are learned" to watching them being learned.
        const std::string label = "Train a layer yourself: the “" + step.train + "” task ▶";
        train = ImGui::Button(label.c_str());
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
    if (ImGui::Button("◀ Back")) open_step(app, ls.step - 1);
    ImGui::EndDisabled();
    track_last_item(app, "lesson.back");
    ImGui::SameLine();
    if (ls.step + 1 < steps) {
        if (ImGui::Button(ls.done ? "Next ▶" : "Skip ▶")) open_step(app, ls.step + 1);
        track_last_item(app, "lesson.next");
    } else {
        if (ImGui::Button("Finish ✓")) ui_leave_lesson(app);
        track_last_item(app, "lesson.finish");
    }
    ImGui::SameLine();
    if (ImGui::Button("Leave lesson")) ui_leave_lesson(app);
    track_last_item(app, "lesson.leave");
}

void draw_lessons_menu(AppState& app) {
    LessonState& ls = app.lesson;
    ImGui::SetNextItemWidth(290.0f);
    const std::string preview = ls.active >= 0 ? "Lesson: " + ls.lessons[ls.active].title : "Lessons…";
    if (ImGui::BeginCombo("##lessons", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (size_t i = 0; i < ls.lessons.size(); ++i) {
            const Lesson& l = ls.lessons[i];
            int tasks = 0, done = 0;
            for (size_t s = 0; s < l.steps.size(); ++s)
                if (l.steps[s].task.kind != TaskKind::None) {
                    ++tasks;
                    done += ls.completed[l.id].count(static_cast<int>(s)) ? 1 : 0;
                }
            const std::string label = std::to_string(i + 1) + ". " + l.title + "   (" + std::to_string(done) + "/" +
                                      std::to_string(tasks) + " tasks)";
            if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == ls.active)) ui_open_lesson(app, l.id, 1, nullptr);
            if (!l.summary.empty()) ImGui::SetItemTooltip("%s", l.summary.c_str());
        }
        for (const std::string& e : ls.load_errors) {
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 120, 110, 255));
            ImGui::TextWrapped("Could not load %s", e.c_str());
            ImGui::PopStyleColor();
        }
        if (ls.lessons.empty() && ls.load_errors.empty()) ImGui::TextDisabled("No lessons found.");
        ImGui::EndCombo();
    }
    track_last_item(app, "header.lessons");
}
