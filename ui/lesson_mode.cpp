// attnviz UI: lessons at run time — load, open a step, check tasks, save progress. Modes
// are entered and left through the session (session.h); this file never calls training.
#include "lesson_mode.h"
#include "session.h"
#include "model_mode.h"
#include "i18n.h"
#include "core/scenario_json.h"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace attn::ui {

namespace {

using nlohmann::json;

const json& start_scenario() {
    // Where a lesson's first step starts when it gives only a patch: the classic example.
    static const json start = json::parse(
        R"({"tokens": ["x₁", "x₂", "x₃"], "embeddings": [[1,0,1],[0,1,0],[1,1,1]], "projections": "identity", "scale": false})");
    return start;
}

// Feedback from the catalogue, kept as its key so a change of language retranslates it.
void set_feedback(AppState& app, const std::string& key, const MessageArgs& args = {}) {
    LessonState& ls = app.lesson;
    ls.feedback = tr(app.language, key, args);
    ls.feedback_key = key;
    ls.feedback_args = args;
}

void set_feedback_text(LessonState& ls, const std::string& text) {
    ls.feedback = text;
    ls.feedback_key.clear();
    ls.feedback_args.clear();
}

// A task's own success text, with the live values it may quote.
std::string success_text(const AppState& app, const std::string& text) {
    try {
        return render_text(text, *app.result);
    } catch (const std::exception&) {
        return text;
    }
}

void mark_done(AppState& app, const TaskOutcome& outcome) {
    LessonState& ls = app.lesson;
    if (outcome.key.empty()) set_feedback_text(ls, success_text(app, outcome.feedback));
    else set_feedback(app, outcome.key, outcome.args);
    ls.feedback_good = outcome.done;
    if (!outcome.done) return;
    ls.done = true;
    ls.completed[ls.lessons[ls.active].id].insert(ls.step);
    session_announce(app);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// <dir>/<lang>/<id>.md for each English lesson: each stands in for its twin when it loads,
// validates and matches it step for step; otherwise the English lesson is shown and why
// is listed. A lesson not translated yet is shown in English without complaint.
void load_translations(LessonState& ls, const std::string& dir, const std::string& lang) {
    std::vector<Lesson>& lessons = ls.by_language[lang];
    lessons = ls.lessons;
    if (lang == "en") return;
    for (Lesson& english : lessons) {
        const std::filesystem::path path = std::filesystem::path(dir) / lang / (english.id + ".md");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) continue;
        const std::string name = "lessons/" + lang + "/" + english.id + ".md";
        try {
            Lesson translated = parse_lesson(english.id, read_file(path));
            validate_lesson(translated, start_scenario());
            const std::string mismatch = translation_mismatch(english, translated);
            if (!mismatch.empty()) throw LessonError(name + ", " + mismatch);
            english = std::move(translated);
        } catch (const std::exception& e) {
            std::string why = e.what();
            const std::string english_name = "lessons/" + english.id + ".md";
            if (why.rfind(english_name, 0) == 0) why = name + why.substr(english_name.size()); // name the file read
            ls.load_errors.push_back(why);
        }
    }
}

// A step with a `model` shows the shipped model on its text. The lesson stays the one mode
// (its panel, Back/Next, links and leaving work as in every lesson) and borrows model mode's
// run and panel: model mode never calls lessons, so hosting it here keeps one direction.
void show_model_step(AppState& app, const LessonModel& lm) {
    ModelState& m = model_state(app);
    std::string error;
    if (!model_load_default(app, &error)) {
        m.lesson_hosted = false;
        app.error = "lesson step: " + (m.default_dir.empty() ? std::string("the shipped model is still loading") : error); // the lesson panel stays usable
        return;
    }
    m.lesson_hosted = true;
    model_set_text(app, lm.text);
    model_select(app, lm.layer, lm.head);
    m.shown_ids.clear(); // the session shows the lesson's scenario until the head is shown
    // A lesson's text on the shipped model runs in milliseconds: the step opens complete,
    // so its task is checked on this text's patterns from the first click.
    while (model_busy(app) && m.error.empty()) model_tick(app);
    model_tick(app);
}

} // namespace

// [SECTION] Languages

void ui_set_lesson_language(AppState& app) {
    LessonState& ls = app.lesson;
    const auto it = ls.by_language.find(app.language);
    if (it != ls.by_language.end() && it->second.size() == ls.lessons.size()) ls.lessons = it->second;
}

namespace {

bool apply_language(AppState& app, const std::string& code) {
    const std::string lang = i18n_match_language(code);
    if (lang.empty()) return false;
    app.language = lang;
    ui_set_lesson_language(app); // the same lessons in the same order: the open one, its step and task state stay
    LessonState& ls = app.lesson;
    if (!ls.feedback_key.empty()) {
        ls.feedback = tr(lang, ls.feedback_key, ls.feedback_args);
    } else if (ls.feedback_good) {
        if (const LessonStep* s = lesson_active_step(app)) set_feedback_text(ls, success_text(app, s->task.success));
    }
    return true;
}

} // namespace

bool ui_set_language(AppState& app, const std::string& code) {
    if (!apply_language(app, code)) return false;
    app.language_chosen = true;
    session_announce(app); // remembered with the lesson progress
    return true;
}

bool ui_default_language(AppState& app, const std::string& code) {
    return !app.language_chosen && apply_language(app, code);
}

// [SECTION] Lesson engine

const LessonStep* lesson_active_step(const AppState& app) {
    const LessonState& ls = app.lesson;
    return in_mode(app, Mode::Lesson) ? &ls.lessons[ls.active].steps[ls.step] : nullptr;
}

// Opens step `step` (0-based) of the active lesson, replaying the steps before it so the
// scenario is the one the lesson builds up to there.
void lesson_open_step(AppState& app, int step) {
    LessonState& ls = app.lesson;
    const Lesson& lesson = ls.lessons[ls.active];
    step = std::clamp(step, 0, static_cast<int>(lesson.steps.size()) - 1);
    json scenario = start_scenario();
    for (int i = 0; i < step; ++i) scenario = step_end_scenario(lesson.steps[i], step_scenario(lesson.steps[i], scenario));
    scenario = step_scenario(lesson.steps[step], scenario);
    std::string error;
    if (!session_show_json(app, scenario.dump(), &error)) app.error = "lesson step: " + error; // keeps the app usable
    const LessonStep& s = lesson.steps[step];
    if (s.model.on) show_model_step(app, s.model);
    else if (app.model) app.model->lesson_hosted = false;
    if (s.select >= 0) ui_select_query(app, s.select);
    if (s.head >= 0) {
        app.selected_head = std::min(s.head, app.result->heads - 1);
        app.show_all_heads = false;
    }
    ls.step = step;
    ls.opening = attn::scenario_to_json(app.scenario);
    ls.checked_generation = app.generation;
    ls.done = s.task.kind == TaskKind::None || ls.completed[lesson.id].count(step) > 0;
    set_feedback_text(ls, "");
    ls.feedback_good = false;
    ls.show_hint = false;
    ls.revealed = false;
    // The step's own view: settings left from exploring must not hide its cells or turn
    // the learner's clicks into mask edits.
    app.scores_view = std::any_of(s.cells.begin(), s.cells.end(), [](const LessonCell& c) { return c.panel == "logits"; }) ? 1 : 0;
    app.mask_editing = false;
    app.weights_to_max = false;
    if (s.task.kind == TaskKind::None) ls.completed[lesson.id].insert(step); // read: done
    ls.scroll_to_highlight = true;
    ls.answer[0] = '\0';
    if (s.task.kind == TaskKind::Predict && ls.done) lesson_reveal(app); // predicted before: show the outcome again
    session_announce(app);
}

// A prediction's outcome goes on screen only after the learner has committed to a number.
void lesson_reveal(AppState& app) {
    LessonState& ls = app.lesson;
    const LessonStep* s = lesson_active_step(app);
    if (!s) return;
    ls.revealed = true;
    if (s->task.kind != TaskKind::Predict) {
        if (!ls.done) set_feedback(app, "feedback.revealed");
        return;
    }
    std::string error;
    if (!session_show_json(app, step_end_scenario(*s, ls.opening).dump(), &error)) app.error = "lesson step: " + error;
    if (!ls.done) set_feedback(app, "feedback.revealed");
}

void lesson_submit_answer(AppState& app) {
    LessonState& ls = app.lesson;
    const LessonStep* s = lesson_active_step(app);
    if (!s || ls.done || !app.result) return;
    try {
        if (s->task.kind == TaskKind::Predict) {
            mark_done(app, check_prediction(s->task, ls.opening, ls.answer));
            if (ls.done) lesson_reveal(app);
        } else {
            mark_done(app, check_answer(s->task, *app.result, ls.answer));
        }
    } catch (const std::exception& e) { // the answer's live value no longer exists
        set_feedback(app, "feedback.restart", {{"error", e.what()}});
        ls.feedback_good = false;
    }
}

void ui_load_lessons(AppState& app, const std::string& dir) {
    LessonState& ls = app.lesson;
    ls.lessons.clear();
    ls.load_errors.clear();
    ls.by_language.clear();
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".md") files.push_back(entry.path());
    if (ec) ls.load_errors.push_back("lessons folder " + dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        try {
            Lesson lesson = parse_lesson(path.stem().string(), read_file(path));
            validate_lesson(lesson, start_scenario());
            ls.lessons.push_back(std::move(lesson));
        } catch (const std::exception& e) {
            ls.load_errors.push_back(e.what());
        }
    }
    for (const std::string& lang : i18n_languages()) load_translations(ls, dir, lang);
    ui_set_lesson_language(app);
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
    session_enter(app, Mode::Lesson, FollowRule::Always); // one mode at a time; keeps the user's scenario
    ls.active = static_cast<int>(it - ls.lessons.begin());
    lesson_open_step(app, step - 1);
    return true;
}

void ui_leave_lesson(AppState& app) {
    if (in_mode(app, Mode::Lesson)) session_leave(app); // gives the learner's own scenario back
}

std::string ui_lesson_json(const AppState& app) {
    const LessonState& ls = app.lesson;
    if (!in_mode(app, Mode::Lesson)) return "null";
    const Lesson& l = ls.lessons[ls.active];
    return json{{"id", l.id}, {"title", l.title}, {"step", ls.step + 1}, {"steps", l.steps.size()}, {"done", ls.done}}.dump();
}

void ui_restore_progress(AppState& app, const std::string& text) {
    // Progress is a convenience: anything unreadable is ignored rather than reported.
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return;
    if (j.contains("lang") && j["lang"].is_string() && apply_language(app, j["lang"].get<std::string>()))
        app.language_chosen = true; // not saved here: the rest of the progress is not restored yet
    session_restore(app, j);
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
    const LessonStep* s = lesson_active_step(app);
    return s && std::find(s->highlight.begin(), s->highlight.end(), panel) != s->highlight.end();
}

std::vector<std::pair<int, int>> lesson_cells(const AppState& app, const char* panel) {
    std::vector<std::pair<int, int>> cells;
    if (const LessonStep* s = lesson_active_step(app))
        for (const LessonCell& c : s->cells)
            if (c.panel == panel) cells.emplace_back(c.row, c.col);
    return cells;
}

void lesson_on_cell_click(AppState& app, const char* panel, int head, int row, int col) {
    const LessonStep* s = lesson_active_step(app);
    if (!s || s->task.kind != TaskKind::Click || app.lesson.done || !app.result) return;
    try {
        const TaskOutcome outcome = check_click(s->task, *app.result, panel, head, row, col);
        if (!outcome.feedback.empty()) mark_done(app, outcome);
    } catch (const std::exception& e) { // a live value the learner's edits made impossible
        set_feedback_text(app.lesson, e.what());
        app.lesson.feedback_good = false;
    }
}

void lesson_model_tick(AppState& app) {
    // The page fetches the shipped model after the first paint: a step opened before it
    // arrived (a link to lesson 9) shows it as soon as it is there. A model that failed to
    // load (its error kept in the state) is not retried every frame.
    const LessonStep* s = lesson_active_step(app);
    if (!s || !s->model.on || !app.model || app.model->lesson_hosted || app.model->default_dir.empty() || !app.model->error.empty()) return;
    show_model_step(app, s->model);
    if (app.model->lesson_hosted) app.error.clear();
}

void lesson_on_head_pick(AppState& app, int layer, int head) {
    const LessonStep* s = lesson_active_step(app);
    const ModelState* m = model_state_if_any(app);
    if (!s || s->task.kind != TaskKind::Head || app.lesson.done || !lesson_hosts_model(app) || !m) return;
    if (layer < 0 || head < 0 || layer >= m->maps.layers || head >= m->maps.heads) return; // not run yet
    mark_done(app, check_head(s->task, layer, head, m->maps.pattern(layer, head)));
}

bool lesson_hosts_model(const AppState& app) {
    const LessonStep* s = lesson_active_step(app);
    return s && s->model.on && model_on_screen(app);
}

void lesson_check_live_task(AppState& app) {
    LessonState& ls = app.lesson;
    const LessonStep* s = lesson_active_step(app);
    if (!s || ls.done || s->task.kind != TaskKind::Condition || ls.checked_generation == app.generation) return;
    ls.checked_generation = app.generation;
    const bool changed = attn::scenario_to_json(app.scenario) != ls.opening;
    try {
        const TaskOutcome outcome = check_condition(s->task, *app.result, changed);
        if (outcome.done) mark_done(app, outcome);
    } catch (const std::exception& e) {
        set_feedback_text(ls, e.what());
    }
}


std::vector<std::pair<int, int>> lesson_hidden(const AppState& app, const char* panel) {
    std::vector<std::pair<int, int>> cells;
    const LessonStep* s = lesson_active_step(app);
    if (!s || app.lesson.done || app.lesson.revealed) return cells;
    for (const HiddenValue& v : hidden_values(*s))
        if (v.panel == panel) cells.emplace_back(v.row, v.col);
    return cells;
}

bool lesson_hides_row(const AppState& app, const char* panel, int row) {
    for (const auto& [r, c] : lesson_hidden(app, panel))
        if (r == row) return true;
    return false;
}

bool lesson_takes_clicks(const AppState& app, const char* panel) {
    const LessonStep* s = lesson_active_step(app);
    return s && !app.lesson.done && s->task.kind == TaskKind::Click && s->task.panel == panel;
}

bool lesson_step_done(const AppState& app, int step) {
    const LessonState& ls = app.lesson;
    if (ls.active < 0) return false;
    const auto it = ls.completed.find(ls.lessons[ls.active].id);
    return it != ls.completed.end() && it->second.count(step) > 0;
}
} // namespace attn::ui
