// Every lesson file we ship parses, and every step's scenario, text and task evaluate.
#include "ui.h"
#include "model_mode.h"
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <set>

using namespace attn::ui;

namespace {
// Opens every step of a lesson as a learner pressing Next would, then leaves it.
void walk_every_step(AppState& app, const Lesson& l) {
    for (size_t s = 1; s <= l.steps.size(); ++s) {
        std::string error;
        CHECK(ui_open_lesson(app, l.id, static_cast<int>(s), &error));
        CHECK(error.empty());
        CHECK(app.error.empty());
    }
    ui_leave_lesson(app);
}
} // namespace

TEST_CASE("every shipped lesson loads, with 5–12 steps", "[lesson][assets]") {
    AppState app;
    ui_init(app);
    model_state(app).default_dir = ATTNVIZ_MODEL_DIR; // lesson 9 shows the shipped model
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    for (const std::string& e : app.lesson.load_errors) FAIL_CHECK(e);
    CHECK(app.lesson.lessons.size() >= 1);
    for (const Lesson& l : app.lesson.lessons) {
        INFO(l.id);
        CHECK(l.steps.size() >= 5);
        CHECK(l.steps.size() <= 12);
        walk_every_step(app, l);
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
    // The translations ask the same tasks with the same answers: the same typed values pass.
    const std::string lang = GENERATE(as<std::string>{}, "en", "zh");
    INFO("lessons in " << lang);
    AppState app;
    ui_init(app);
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    REQUIRE(ui_set_language(app, lang));
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

// [SECTION] The lessons in Chinese (issue 15)

namespace {
int files_in(const std::filesystem::path& dir) {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        n += e.path().extension() == ".md" ? 1 : 0;
    return n;
}
} // namespace

TEST_CASE("every lesson exists in Chinese, matches its English twin and opens at every step", "[lesson][assets][i18n]") {
    AppState app;
    ui_init(app);
    model_state(app).default_dir = ATTNVIZ_MODEL_DIR;
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    for (const std::string& e : app.lesson.load_errors) FAIL_CHECK(e); // a translation that differs is listed here
    const std::vector<Lesson> english = app.lesson.lessons;
    REQUIRE(files_in(std::filesystem::path(ATTNVIZ_LESSON_DIR) / "zh") == static_cast<int>(english.size()));
    REQUIRE(ui_set_language(app, "zh"));
    REQUIRE(app.lesson.lessons.size() == english.size());
    for (size_t i = 0; i < english.size(); ++i) {
        const Lesson& zh = app.lesson.lessons[i];
        INFO(zh.id);
        CHECK(zh.id == english[i].id);
        CHECK(zh.title != english[i].title); // the translation, not the English fallback
        CHECK(translation_mismatch(english[i], zh).empty());
        for (size_t s = 0; s < zh.steps.size(); ++s) CHECK(zh.steps[s].title != english[i].steps[s].title);
        walk_every_step(app, zh);
    }
}

TEST_CASE("switching the language keeps the lesson, its step and the learner's work", "[lesson][i18n]") {
    AppState app;
    ui_init(app);
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    REQUIRE(ui_open_lesson(app, "01-dot-product-by-hand", 5, nullptr)); // w₁₃ to 3 decimals
    std::snprintf(app.lesson.answer, sizeof app.lesson.answer, "0.5");
    lesson_submit_answer(app);
    REQUIRE(app.lesson.feedback == "0.5000 is not it yet. Check the arithmetic (the hint helps).");
    std::snprintf(app.lesson.answer, sizeof app.lesson.answer, "0.46");
    const std::string scenario = ui_scenario_json(app), lesson = ui_lesson_json(app);

    REQUIRE(ui_set_language(app, "zh"));
    CHECK(ui_scenario_json(app) == scenario);
    CHECK(ui_lesson_json(app).find("\"step\":5") != std::string::npos);
    CHECK(ui_lesson_json(app).find("手算点积注意力") != std::string::npos);
    CHECK(app.lesson.feedback == "0.5000 还不对。检查一下算术（提示会有帮助）。"); // the same message, retranslated
    CHECK(std::string(app.lesson.answer) == "0.46");                            // what they were typing stays
    CHECK(lesson_active_step(app)->title == "逐个算出 softmax");

    std::snprintf(app.lesson.answer, sizeof app.lesson.answer, "0.468");
    lesson_submit_answer(app);
    CHECK(app.lesson.done);
    CHECK(app.lesson.feedback == "正确：7.389 / (7.389 + 1 + 7.389) = 0.468。"); // the Chinese lesson's own success text
    REQUIRE(ui_set_language(app, "en"));
    CHECK(app.lesson.done);
    CHECK(app.lesson.feedback == "Right: 7.389 / (7.389 + 1 + 7.389) = 0.468.");
    nlohmann::json expected = nlohmann::json::parse(lesson); // the English title again, the step now done
    expected["done"] = true;
    CHECK(nlohmann::json::parse(ui_lesson_json(app)) == expected);
    CHECK_FALSE(ui_set_language(app, "fr")); // no catalogue: nothing changes
    CHECK(app.language == "en");
}

TEST_CASE("a chosen language is saved with the progress; the locale's is not", "[lesson][i18n]") {
    AppState app;
    ui_init(app);
    ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
    std::string saved;
    app.save_progress = [&saved](const std::string& p) { saved = p; };
    REQUIRE(ui_default_language(app, "zh-CN")); // the platform's suggestion
    CHECK(app.language == "zh");
    CHECK(app.lesson.lessons[0].title == "手算点积注意力");
    CHECK(nlohmann::json::parse(ui_progress_json(app))["lang"].is_null());
    REQUIRE(ui_set_language(app, "en"));         // the learner's choice…
    CHECK(nlohmann::json::parse(saved)["lang"] == "en"); // … saved at once
    CHECK_FALSE(ui_default_language(app, "zh")); // and a suggestion no longer overrides it

    AppState after;
    ui_init(after);
    ui_load_lessons(after, ATTNVIZ_LESSON_DIR);
    ui_default_language(after, "zh");
    ui_restore_progress(after, R"({"lang": "zh", "lesson": "04-masking", "step": 2})");
    CHECK(after.language == "zh");
    CHECK(ui_lesson_json(after).find("掩码") != std::string::npos);
    ui_restore_progress(after, R"({"lang": 7})"); // unreadable: ignored
    ui_restore_progress(after, R"({"lang": "klingon"})");
    CHECK(after.language == "zh");
}
