// Lesson 9 (assets/lessons/09-trained-heads.md) in the real UI, headless, on the shipped
// model: every step opens with the model panel beside the lesson and the panels showing the
// model's head; the head tasks are done by clicking maps in the model view. Which heads
// complete a task comes from tests/lessons/model_tasks.json, which check_lesson_numbers.py
// computes with the PyTorch reference: here every head of the grid is clicked, and exactly
// those complete it, while any other gets a message naming the head and what to look for.
#include "ui_driver.h"
#include "lesson_mode.h"
#include "model_mode.h"
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

using namespace attn::ui;

namespace {

constexpr const char* kLesson = "09-trained-heads";

struct LessonModelUi : Headless {
    explicit LessonModelUi(const std::string& lang = "en") {
        model_state(app).default_dir = ATTNVIZ_MODEL_DIR;
        ui_load_lessons(app, ATTNVIZ_LESSON_DIR);
        REQUIRE(app.lesson.load_errors.empty());
        if (lang != "en") REQUIRE(ui_set_language(app, lang));
        frames(2);
    }
    const LessonStep& open(int step) {
        app.lesson.completed.clear(); // each head is tried on a fresh task
        std::string error;
        REQUIRE(ui_open_lesson(app, kLesson, step, &error));
        frames(3);
        return *lesson_active_step(app);
    }
};

std::set<std::pair<int, int>> accepted_heads(int step) {
    std::ifstream in(ATTNVIZ_MODEL_TASKS);
    const nlohmann::json j = nlohmann::json::parse(in);
    std::set<std::pair<int, int>> heads;
    for (const nlohmann::json& t : j["tasks"])
        if (t["lesson"] == kLesson && t["step"] == step)
            for (const nlohmann::json& h : t["accepted"]) heads.emplace(h[0].get<int>(), h[1].get<int>());
    return heads;
}

} // namespace

TEST_CASE("lesson 9 opens every step on the shipped model, the model panel beside the lesson", "[ui][lesson][model]") {
    const std::string lang = GENERATE(as<std::string>{}, "en", "zh");
    INFO("lessons in " << lang);
    LessonModelUi ui(lang);
    std::string mine;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "my own words here", "embedding": {"dim": 4, "seed": 3}})", &mine));
    const std::string own = ui_scenario_json(ui.app);
    const auto it = std::find_if(ui.app.lesson.lessons.begin(), ui.app.lesson.lessons.end(), [](const Lesson& l) { return l.id == kLesson; });
    REQUIRE(it != ui.app.lesson.lessons.end());
    const int steps = static_cast<int>(it->steps.size());
    for (int step = 1; step <= steps; ++step) {
        INFO("step " << step);
        const LessonStep& s = ui.open(step);
        REQUIRE(s.model.on);
        CHECK(ui.app.error.empty());
        CHECK(in_mode(ui.app, Mode::Lesson)); // one mode: the lesson hosts the model
        CHECK(lesson_hosts_model(ui.app));
        const ModelState& m = *ui.app.model;
        CHECK(m.model->name == "fortunes-gpt2");
        CHECK(m.text == s.model.text);
        CHECK_FALSE(model_busy(ui.app));
        CHECK(m.layer == s.model.layer);
        CHECK(m.head == s.model.head);
        REQUIRE(ui.app.result);
        CHECK(ui.app.result->tokens == m.tokens); // the panels show the model's head on the step's text
        CHECK(ui.app.result->d_model == 128);
        float r[4];
        CHECK(ui_widget_rect(ui.app, "panel.lesson", r));
        CHECK(ui_widget_rect(ui.app, "panel.model", r));
        CHECK(ui_widget_rect(ui.app, "model.view.1.3", r)); // the whole grid is on screen
        CHECK_FALSE(ui_widget_rect(ui.app, "model.leave", r)); // the lesson panel leaves, not the model's button
    }
    ui_leave_lesson(ui.app);
    CHECK(in_mode(ui.app, Mode::Explore));
    CHECK(ui_scenario_json(ui.app) == own);
    ui.frames(2);
    CHECK(ui.app.result->tokens.size() == 4); // model_tick no longer shows the model's head
}

TEST_CASE("lesson 9's head tasks: exactly the heads that qualify complete them, through the model view", "[ui][lesson][model]") {
    for (int step : {2, 3}) {
        INFO("step " << step);
        const std::set<std::pair<int, int>> accepted = accepted_heads(step);
        REQUIRE_FALSE(accepted.empty());
        LessonModelUi ui;
        const LessonStep& s = ui.open(step);
        REQUIRE(s.task.kind == TaskKind::Head);
        const int layers = ui.app.model->model->weights.config.n_layer, heads = ui.app.model->model->weights.config.n_head;
        for (int l = 0; l < layers; ++l) {
            for (int h = 0; h < heads; ++h) {
                INFO("layer " << l << ", head " << h);
                ui.open(step);
                REQUIRE_FALSE(ui.app.lesson.done);
                ui.click("model.view." + std::to_string(l) + "." + std::to_string(h));
                CHECK(ui.app.model->layer == l);
                CHECK(ui.app.model->head == h);
                const bool right = accepted.count({l, h}) > 0;
                CHECK(ui.app.lesson.done == right);
                CHECK(ui.app.lesson.feedback_good == right);
                if (right) {
                    CHECK(ui.app.lesson.feedback == s.task.success);
                    CHECK(lesson_step_done(ui.app, step - 1));
                } else if (s.task.layer >= 0 && l != s.task.layer) {
                    CHECK(ui.app.lesson.feedback.find("this task asks for a head of layer " + std::to_string(s.task.layer)) != std::string::npos);
                } else {
                    // Names the head, its measured weight, and what the right map looks like.
                    CHECK(ui.app.lesson.feedback.find("Layer " + std::to_string(l) + ", head " + std::to_string(h)) == 0);
                    CHECK(ui.app.lesson.feedback.find("at least 0.40") != std::string::npos);
                    CHECK(ui.app.lesson.feedback.find("Look for") != std::string::npos);
                }
                // The panels follow the click: the shown head is the one clicked.
                ui.frames(2);
                CHECK(ui.app.model->shown_layer == l);
                CHECK(ui.app.model->shown_head == h);
            }
        }
    }
}

TEST_CASE("a head task in Chinese answers in Chinese", "[ui][lesson][model][i18n]") {
    LessonModelUi ui("zh");
    ui.open(2);
    ui.click("model.view.0.0");
    CHECK_FALSE(ui.app.lesson.done);
    CHECK(ui.app.lesson.feedback.find("第 0 层的头 0") == 0);
    ui.click("model.view.0.1");
    CHECK(ui.app.lesson.done);
}

TEST_CASE("a link to lesson 9 before the page has the shipped model: the step waits, then shows it", "[ui][lesson][model]") {
    Headless ui; // no default model yet, as the page before its fetch completes
    ui_load_lessons(ui.app, ATTNVIZ_LESSON_DIR);
    std::string error;
    REQUIRE(ui_open_lesson(ui.app, kLesson, 3, &error));
    ui.frames(2);
    CHECK(ui.app.error.find("still loading") != std::string::npos);
    CHECK_FALSE(lesson_hosts_model(ui.app));
    float r[4];
    CHECK(ui_widget_rect(ui.app, "lesson.next", r)); // the lesson stays usable
    model_state(ui.app).default_dir = ATTNVIZ_MODEL_DIR; // the fetch completed
    ui.frames(2);
    CHECK(lesson_hosts_model(ui.app));
    CHECK(ui.app.error.empty());
    CHECK(ui.app.model->text == lesson_active_step(ui.app)->model.text);
    ui.click("model.view.1.1");
    CHECK(ui.app.lesson.done);
}
