#include "session.h"
#include "core/scenario_json.h"
#include <nlohmann/json.hpp>
#include <algorithm>

namespace attn::ui {

namespace {

void sync_sentence(AppState& app) {
    std::string joined;
    if (!app.scenario.text.empty()) {
        joined = app.scenario.text;
    } else if (app.result) {
        for (const std::string& t : app.result->tokens) joined += (joined.empty() ? "" : " ") + t;
    }
    app.sentence = joined;
}

void clamp_selection(AppState& app) {
    if (!app.result) return;
    app.selected_query = std::clamp(app.selected_query, 0, static_cast<int>(app.result->tokens.size()) - 1);
    app.selected_head = std::clamp(app.selected_head, 0, app.result->heads - 1);
}

// A scenario the user brought (API, the header's examples) is theirs like an edit is.
void user_took_over(AppState& app) {
    if (app.session.rule == FollowRule::UntilUserEdits) app.session.follow = false;
}

} // namespace

// [SECTION] Modes

bool in_mode(const AppState& app, Mode mode) { return app.session.mode == mode; }

void session_leave(AppState& app) {
    SessionState& s = app.session;
    if (s.mode == Mode::Explore) return;
    s.mode = Mode::Explore;
    const bool give_back = s.follow;
    s.follow = true;
    s.rule = FollowRule::Always;
    session_announce(app);
    if (!give_back) return;
    app.scenario = s.saved;
    commit_edit(app);
}

void session_enter(AppState& app, Mode mode, FollowRule rule) {
    if (mode == Mode::Explore) return session_leave(app);
    SessionState& s = app.session;
    if (s.mode != mode) {
        session_leave(app); // one mode at a time; gives the user's scenario back first
        s.saved = app.scenario;
    }
    s.mode = mode;
    s.rule = rule;
    s.follow = true;
}

void session_follow(AppState& app, bool on) {
    SessionState& s = app.session;
    if (on == s.follow) return;
    // Back to following: the user's own edits become what leaving gives back, so showing
    // the mode again never loses them.
    if (on) s.saved = app.scenario;
    s.follow = on;
}

void session_show(AppState& app, attn::Scenario scenario) {
    app.scenario = std::move(scenario);
    commit_edit(app);
}

void session_announce(AppState& app) {
    if (app.save_progress) app.save_progress(ui_progress_json(app));
}

// [SECTION] Edits and recomputation

void mark_edited(AppState& app) {
    app.session.dirty = true;
    user_took_over(app);
}

void session_recompute(AppState& app) {
    if (app.session.dirty) commit_edit(app);
}

void commit_edit(AppState& app) {
    app.session.dirty = false;
    try {
        const std::shared_ptr<const attn::Result> before = app.result;
        app.result = attn::compute(app.scenario);
        // Chip edits (and leaving a lesson) change the tokens: the sentence field follows,
        // so that Enter or the tokenizer buttons re-tokenize what is on screen.
        if (!before || before->tokens != app.result->tokens) sync_sentence(app);
        app.error.clear();
        ++app.generation;
        clamp_selection(app);
    } catch (const std::exception& e) {
        // The scenario stays as edited (so nothing the user typed is lost) and the panels
        // keep showing the last result that could be computed.
        app.error = e.what();
    }
}

bool session_show_json(AppState& app, const std::string& json, std::string* error) {
    try {
        attn::Scenario s = attn::scenario_from_string(json);
        std::shared_ptr<const attn::Result> r = attn::compute(s);
        app.scenario = std::move(s);
        app.result = std::move(r);
        app.error.clear();
        app.session.dirty = false;
        ++app.generation;
        clamp_selection(app);
        sync_sentence(app);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
    }
}

// [SECTION] Automation API

bool ui_set_scenario_json(AppState& app, const std::string& json, std::string* error) {
    if (!session_show_json(app, json, error)) return false;
    user_took_over(app);
    return true;
}

std::string ui_scenario_json(const AppState& app) { return attn::scenario_to_json(app.scenario).dump(); }

std::string ui_result_json(const AppState& app) {
    return app.result ? attn::result_to_json(*app.result).dump() : std::string("null");
}

void ui_select_query(AppState& app, int i) {
    app.selected_query = i;
    clamp_selection(app);
}

std::string ui_progress_json(const AppState& app) {
    using nlohmann::json;
    const LessonState& ls = app.lesson;
    const TrainingState& ts = app.training;
    const bool lesson = in_mode(app, Mode::Lesson), training = in_mode(app, Mode::Training) && ts.run;
    json completed = json::object();
    for (const auto& [id, steps] : ls.completed) {
        json list = json::array();
        for (int s : steps) list.push_back(s + 1);
        completed[id] = list;
    }
    return json{{"version", 1},
                {"lesson", lesson ? json(ls.lessons[ls.active].id) : json()},
                {"step", lesson ? ls.step + 1 : 0},
                {"completed", completed},
                // Not restored (a run is quick to redo); the page keeps its #train= link current with it.
                {"train", training ? json{{"task", ts.run->task->name}, {"seed", ts.run->config.seed}} : json()}}
        .dump();
}

} // namespace attn::ui
