// Every lesson file we ship parses, and every step's scenario, text and task evaluate.
#include "ui.h"
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

using namespace attn::ui;

TEST_CASE("every shipped lesson loads, with 5–12 steps", "[lesson][assets]") {
    AppState app;
    ui_init(app);
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    for (const std::string& e : app.lesson.load_errors) FAIL_CHECK(e);
    CHECK(app.lesson.lessons.size() >= 1);
    for (const Lesson& l : app.lesson.lessons) {
        INFO(l.id);
        CHECK(l.steps.size() >= 5);
        CHECK(l.steps.size() <= 12);
        // Walk every step as a learner pressing Next would.
        for (size_t s = 1; s <= l.steps.size(); ++s) {
            std::string error;
            CHECK(ui_open_lesson(app, l.id, static_cast<int>(s), &error));
            CHECK(error.empty());
            CHECK(app.error.empty());
        }
        ui_leave_lesson(app);
    }
}

TEST_CASE("leaving a lesson returns the learner's own scenario", "[lesson]") {
    AppState app;
    ui_init(app);
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    REQUIRE_FALSE(app.lesson.lessons.empty());
    std::string error;
    REQUIRE(ui_set_scenario_json(app, R"({"text": "my own sentence here", "embedding": {"dim": 4, "seed": 3}})", &error));
    const std::string mine = ui_scenario_json(app);
    REQUIRE(ui_open_lesson(app, app.lesson.lessons[0].id, 2, &error));
    CHECK(ui_scenario_json(app) != mine);
    CHECK(ui_lesson_json(app).find("\"step\":2") != std::string::npos);
    ui_leave_lesson(app);
    CHECK(ui_scenario_json(app) == mine);
    CHECK(ui_lesson_json(app) == "null");
    CHECK_FALSE(ui_open_lesson(app, "no-such-lesson", 1, &error));
    CHECK(error.find("no-such-lesson") != std::string::npos);
    CHECK_FALSE(ui_open_lesson(app, app.lesson.lessons[0].id, 99, &error));
}

TEST_CASE("progress survives a reload", "[lesson]") {
    AppState before;
    ui_init(before);
    ui_load_lessons(before, ATTNVIZ_LESSON_DIR);
    REQUIRE_FALSE(before.lesson.lessons.empty());
    std::string saved;
    before.save_progress = [&saved](const std::string& p) { saved = p; };
    REQUIRE(ui_open_lesson(before, before.lesson.lessons[0].id, 3, nullptr));
    before.lesson.completed[before.lesson.lessons[0].id].insert(1);

    AppState after;
    ui_init(after);
    ui_load_lessons(after, ATTNVIZ_LESSON_DIR);
    ui_restore_progress(after, ui_progress_json(before));
    CHECK(ui_lesson_json(after) == ui_lesson_json(before));
    CHECK(after.lesson.completed == before.lesson.completed);
    CHECK_FALSE(saved.empty());
    // Unreadable progress is ignored, never fatal: the lesson and progress restored stay.
    for (const char* garbage : {"garbage", "[1, 2]", R"({"lesson": 3, "step": "x", "completed": [1]})",
                                R"({"lesson": "no-such-lesson", "step": 2, "completed": {"a": [0, -1, "x"]}})"}) {
        INFO(garbage);
        ui_restore_progress(after, garbage);
        CHECK(ui_lesson_json(after) == ui_lesson_json(before));
        CHECK(after.lesson.completed == before.lesson.completed);
    }
}

TEST_CASE("a malformed lesson file is reported by name and the other lessons still load", "[lesson]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "attnviz-lesson-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "good.md") << "# Good\n\n## One\nText.\n\n## Two\nMore.\n";
    std::ofstream(dir / "broken.md") << "# Broken\n\n## First step\n```attnviz\n{\"patch\": {\"heads\": \"two\"}}\n```\nText.\n";
    AppState app;
    ui_init(app);
    const std::string before = ui_result_json(app);
    ui_load_lessons(app, dir.string());
    REQUIRE(app.lesson.lessons.size() == 1);
    CHECK(app.lesson.lessons[0].id == "good");
    REQUIRE(app.lesson.load_errors.size() == 1);
    const std::string& e = app.lesson.load_errors[0];
    CHECK(e.find("lessons/broken.md") != std::string::npos);
    CHECK(e.find("step 1 “First step”") != std::string::npos);
    CHECK(e.find("heads") != std::string::npos);
    CHECK(ui_result_json(app) == before); // the app is untouched and usable
    std::string error;
    CHECK(ui_open_lesson(app, "good", 2, &error));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a prediction is checked against the revealed scenario, which the app then shows", "[lesson][predict]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "attnviz-predict-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    // Scaling off → on: w₁₃ goes from 0.468 (scores 2, 0, 2) to e^1.155 / (2·e^1.155 + 1) = 0.432.
    std::ofstream(dir / "p.md") << R"(# P

## Predict
```attnviz
{"scenario": {"tokens": ["a", "b", "c"], "embeddings": [[1,0,1],[0,1,0],[1,1,1]], "scale": false},
 "task": {"kind": "predict", "prompt": "Scaling goes on. w₁₃?", "answer": "w 1 3", "tolerance": 0.001, "reveal": {"scale": true}}}
```
Text.

## Next
Scale is {{scale :0}}.
)";
    std::ofstream(dir / "bad.md") << R"(# Bad

## Predict
```attnviz
{"scenario": {"tokens": ["a"]}, "task": {"kind": "predict", "prompt": "?", "answer": "w 1 1", "reveal": {"scale": true}}}
```
)";
    AppState app;
    ui_init(app);
    ui_load_lessons(app, dir.string());
    REQUIRE(app.lesson.load_errors.size() == 1); // "bad": scale is already on, the reveal shows nothing new
    CHECK(app.lesson.load_errors[0].find("task.reveal: changes nothing") != std::string::npos);
    REQUIRE(ui_open_lesson(app, "p", 1, nullptr));
    const LessonTask& t = app.lesson.lessons[0].steps[0].task;
    CHECK(live_value(*app.result, "w 1 3") == Approx(0.4683).margin(1e-4)); // the screen shows the old weights
    CHECK_FALSE(check_prediction(t, app.lesson.opening, "0.468").done);     // reading the screen is not predicting
    CHECK(check_prediction(t, app.lesson.opening, "0.432").done);
    // The next step starts from the revealed scenario.
    REQUIRE(ui_open_lesson(app, "p", 2, nullptr));
    CHECK(app.scenario.scale);
    std::filesystem::remove_all(dir);
}

TEST_CASE("every worked answer a learner types from the digits on screen is accepted", "[lesson][assets][hand]") {
    // tests/lessons/hand_answers.json: check_lesson_numbers.py checks each `typed` is its
    // arithmetic rounded; here the engine must accept it, after the reveal for predictions.
    std::ifstream in(ATTNVIZ_HAND_ANSWERS);
    REQUIRE(in);
    const nlohmann::json hands = nlohmann::json::parse(in);
    AppState app;
    ui_init(app);
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    std::set<std::pair<std::string, int>> listed;
    for (const nlohmann::json& a : hands["answers"]) {
        const std::string id = a["lesson"];
        const int step = a["step"];
        INFO(id << " step " << step << ": " << a["arithmetic"].get<std::string>() << " typed as " << a["typed"].get<std::string>());
        listed.insert({id, step});
        REQUIRE(ui_open_lesson(app, id, step, nullptr));
        const LessonTask& t = app.lesson.lessons[app.lesson.active].steps[step - 1].task;
        const TaskOutcome outcome = t.kind == TaskKind::Predict ? check_prediction(t, app.lesson.opening, a["typed"])
                                                                : check_answer(t, *app.result, a["typed"]);
        CHECK(outcome.done);
    }
    // Every typed task is covered.
    for (const Lesson& l : app.lesson.lessons)
        for (size_t s = 0; s < l.steps.size(); ++s)
            if (l.steps[s].task.kind == TaskKind::Answer || l.steps[s].task.kind == TaskKind::Predict) {
                INFO(l.id << " step " << s + 1 << " has a typed answer but no entry in hand_answers.json");
                CHECK(listed.count({l.id, static_cast<int>(s + 1)}) == 1);
            }
}
