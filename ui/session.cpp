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

// The user's own scenario: on screen, or kept while a mode shows its own.
const attn::Scenario& own_scenario(const AppState& app) {
    return app.session.mode != Mode::Explore && app.session.follow ? app.session.saved : app.scenario;
}

nlohmann::json view_json(const AppState& app) {
    return {{"scores_view", app.scores_view}, {"weights_to_max", app.weights_to_max}, {"mask_editing", app.mask_editing},
            {"query", app.selected_query}, {"head", app.selected_head}, {"all_heads", app.show_all_heads}};
}

const nlohmann::json& own_view(const AppState& app, const nlohmann::json& current) {
    return app.session.mode != Mode::Explore && app.session.own_view.is_object() ? app.session.own_view : current;
}


// Anything unreadable is left as it is: saved settings are a convenience.
void apply_view(AppState& app, const nlohmann::json& v) {
    if (!v.is_object()) return;
    auto get_int = [&](const char* key, int& out, int hi) {
        if (v.contains(key) && v[key].is_number_integer()) out = static_cast<int>(std::clamp<long long>(v[key].get<long long>(), 0, hi));
    };
    auto get_bool = [&](const char* key, bool& out) {
        if (v.contains(key) && v[key].is_boolean()) out = v[key].get<bool>();
    };
    get_int("scores_view", app.scores_view, 1);
    get_bool("weights_to_max", app.weights_to_max);
    get_bool("mask_editing", app.mask_editing);
    get_int("query", app.selected_query, 1 << 20);
    get_int("head", app.selected_head, 1 << 20);
    get_bool("all_heads", app.show_all_heads);
    clamp_selection(app);
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
    if (give_back) {
        app.scenario = s.saved;
        commit_edit(app);
    }
    apply_view(app, s.own_view); // the settings the mode changed for its own purposes
    s.own_view = nullptr;
    session_announce(app); // after the give-back: it saves the user's own scenario
}

void session_enter(AppState& app, Mode mode, FollowRule rule) {
    if (mode == Mode::Explore) return session_leave(app);
    SessionState& s = app.session;
    if (s.mode != mode) {
        session_leave(app); // one mode at a time; gives the user's scenario back first
        s.saved = app.scenario;
        s.own_view = view_json(app);
    }
    s.mode = mode;
    s.rule = rule;
    s.follow = true;
}

void session_follow(AppState& app, bool on) {
    SessionState& s = app.session;
    if (on == s.follow) return;
    // Back to following: the user's own edits become what leaving gives back, so showing
    // the mode again never loses them. Stopping: the user's own scenario shows again (the
    // panels showed the mode's, and leaving would have kept that in place of the user's).
    if (on) {
        s.saved = app.scenario;
    } else {
        app.scenario = s.saved;
        commit_edit(app);
    }
    s.follow = on;
}

void session_show(AppState& app, attn::Scenario scenario) {
    app.scenario = std::move(scenario);
    commit_edit(app);
}

void session_show_result(AppState& app, std::shared_ptr<const attn::Result> result) {
    app.scenario = result->scenario;
    app.result = std::move(result);
    app.error.clear();
    app.session.dirty = false;
    ++app.generation;
    clamp_selection(app);
}

void session_announce(AppState& app) {
    app.session.saved_generation = app.generation;
    app.session.saved_view = view_json(app).dump();
    if (app.save_progress) app.save_progress(ui_progress_json(app));
}

void session_save_if_changed(AppState& app) {
    const SessionState& s = app.session;
    const bool own_on_screen = s.mode == Mode::Explore || !s.follow; // else the generation counts the mode's scenarios
    if ((own_on_screen && app.generation != s.saved_generation) || view_json(app).dump() != s.saved_view)
        session_announce(app);
}

void session_restore(AppState& app, const nlohmann::json& j) {
    if (j.contains("own") && j["own"].is_object()) {
        std::string ignored;
        ui_set_scenario_json(app, j["own"].dump(), &ignored);
    }
    if (j.contains("view")) apply_view(app, j["view"]);
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
    // Model mode's result is the model's (model_mode.h): a panel's edit of the scenario
    // (a mask click) has nothing to recompute.
    if (in_mode(app, Mode::Model)) return;
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
    attn::Scenario s;
    try {
        s = attn::scenario_from_string(json);
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
    }
    return session_show_scenario(app, std::move(s), error);
}

bool session_show_scenario(AppState& app, attn::Scenario s, std::string* error) {
    try {
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

nlohmann::json session_view_json(const AppState& app) { return view_json(app); }
void session_apply_view(AppState& app, const nlohmann::json& view) { apply_view(app, view); }
const attn::Scenario& session_own_scenario(const AppState& app) { return own_scenario(app); }

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
                {"train", training ? json{{"task", ts.run->task->name}, {"seed", ts.run->config.seed}} : json()},
                // The learner's own work survives a reload (links and saved files are issue 14).
                {"own", attn::scenario_to_json(own_scenario(app))},
                {"view", own_view(app, view_json(app))},
                {"lang", app.language_chosen ? nlohmann::json(app.language) : nlohmann::json()}}
        .dump();
}

} // namespace attn::ui
