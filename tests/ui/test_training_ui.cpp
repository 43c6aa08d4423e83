// The training playground in the real UI, headless: opened from the header, played and
// paused with clicks, collapsed while it keeps training, and left with the user's own
// scenario back. The panels must always show the layer as trained so far.
#include "ui_driver.h"
#include "panels.h"
#include "plot.h"
#include "training.h"
#include "core/scenario_json.h"
#include <nlohmann/json.hpp>

using namespace attn::ui;

using attn::Matrix;
using attn::train::ExampleView;
namespace train = attn::train;

namespace {

// The visualiser's weights for head h equal the training forward pass's on the shown example.
void require_panels_show_trained_layer(const AppState& app) {
    const TrainingState& ts = app.training;
    REQUIRE(app.result);
    const ExampleView view = train::view_example(*ts.run, ts.run->held_out[ts.example]);
    CHECK(app.result->tokens == view.tokens);
    REQUIRE(app.result->head.size() == view.weights.size());
    for (size_t h = 0; h < view.weights.size(); ++h)
        CHECK((app.result->head[h].weights - view.weights[h]).cwiseAbs().maxCoeff() < 1e-12);
}

} // namespace

TEST_CASE("the header opens the playground paused on an untrained layer, shown in every panel", "[ui][training]") {
    Headless ui;
    ui.click("header.train");
    const TrainingState& ts = ui.app.training;
    REQUIRE(in_mode(ui.app, Mode::Training));
    CHECK(ts.config.task == train::TaskKind::Reverse);
    CHECK_FALSE(ts.running);
    CHECK(ts.run->step == 0);
    for (const char* name : {"train.play", "train.step", "train.reset", "train.task", "plot.loss", "plot.accuracy",
                             "heatmap.weights", "heatmap.scores"}) {
        INFO(name);
        float r[4];
        CHECK(ui_widget_rect(ui.app, name, r));
    }
    require_panels_show_trained_layer(ui.app);
}

TEST_CASE("Play trains one step per frame, Pause stops, Step adds exactly one", "[ui][training]") {
    Headless ui;
    ui.click("header.train");
    const TrainingState& ts = ui.app.training;
    ui.click("train.play");
    REQUIRE(ts.running);
    const int started = ts.run->step;
    ui.frames(30);
    CHECK(ts.run->step == started + 30);
    require_panels_show_trained_layer(ui.app); // refreshed within the frame that trained
    ui.click("train.play"); // now "Pause"
    CHECK_FALSE(ts.running);
    const int paused = ts.run->step;
    ui.frames(20);
    CHECK(ts.run->step == paused);
    ui.click("train.step");
    CHECK(ts.run->step == paused + 1);
    require_panels_show_trained_layer(ui.app);
}

TEST_CASE("training keeps going while the panel is collapsed, and the inputs come back", "[ui][training]") {
    Headless ui;
    ui.click("header.train");
    ui.click("train.play");
    ui.click("train.collapse");
    const TrainingState& ts = ui.app.training;
    REQUIRE(ts.collapsed);
    const int before = ts.run->step;
    ui.frames(25);
    CHECK(ts.run->step == before + 25);
    float r[4];
    CHECK(ui_widget_rect(ui.app, "tokens.sentence", r));  // the input panels, below the title bar
    CHECK_FALSE(ui_widget_rect(ui.app, "plot.loss", r));  // the curves are folded away
    require_panels_show_trained_layer(ui.app);
    ui.click("train.collapse");
    CHECK_FALSE(ts.collapsed);
    CHECK(ui_widget_rect(ui.app, "plot.loss", r));
}

TEST_CASE("how steps are sliced into frames never changes the numbers", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "previous", "seed": 5})", &error));
    ui.app.training.speed = 1; // 5 steps per frame
    REQUIRE(ui_training_control(ui.app, "play", 0, &error));
    ui.frames(12);
    REQUIRE(ui_training_control(ui.app, "pause", 0, &error));
    const int steps = ui.app.training.run->step; // 60, unless a frame's time slice ran out first
    REQUIRE(steps >= 12);
    // The same steps in one go, straight through the core.
    train::TrainingConfig config = train::default_config(train::TaskKind::Previous);
    config.seed = 5;
    train::TrainingRun direct = train::start_training(config);
    for (int s = 0; s < steps; ++s) train::train_step(direct);
    CHECK(ui.app.training.run->parameters.wq == direct.parameters.wq);
    CHECK(ui.app.training.run->history.back().loss == direct.history.back().loss);
}

TEST_CASE("Reset starts the same run again; another task from the picker starts that task", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    REQUIRE(ui_training_control(ui.app, "step", 40, &error));
    ui.frames(2);
    const Matrix after40 = ui.app.training.run->parameters.wk;
    ui.click("train.reset");
    CHECK(ui.app.training.run->step == 0);
    REQUIRE(ui_training_control(ui.app, "step", 40, &error));
    CHECK(ui.app.training.run->parameters.wk == after40);

    REQUIRE(ui_open_training(ui.app, R"({"task": "sort"})", &error));
    ui.frames(2);
    CHECK(ui.app.result->tokens.size() == 8);
    CHECK(ui.app.result->scenario.mask == attn::MaskKind::Causal);
}

TEST_CASE("a task trained in the UI is solved and says so", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "reverse"})", &error));
    REQUIRE(ui_training_control(ui.app, "step", train::task_by_kind(train::TaskKind::Reverse).target_steps, &error));
    ui.frames(2);
    const nlohmann::json state = nlohmann::json::parse(ui_training_json(ui.app));
    CHECK(state["latest"]["accuracy"] == 1.0);
    CHECK(state["solved_step"].get<int>() > 0);
    CHECK(state["example"]["predictions"] == state["example"]["targets"]);
    require_panels_show_trained_layer(ui.app);
}

TEST_CASE("leaving the playground gives the user's own scenario back", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"tokens": ["my", "own", "words"], "embedding": {"dim": 6}, "heads": 2})", &error));
    const std::string mine = ui_scenario_json(ui.app);
    ui.frames(2); // two heads: the header makes room for their picker (the tagline gives way)
    ui.click("header.train");
    REQUIRE(ui_training_control(ui.app, "step", 10, &error));
    ui.frames(2);
    CHECK(ui_scenario_json(ui.app) != mine);
    ui.click("train.leave");
    CHECK_FALSE(in_mode(ui.app, Mode::Training));
    CHECK(ui_scenario_json(ui.app) == mine);
    CHECK(ui.app.result->tokens == std::vector<std::string>{"my", "own", "words"});
}

// Found by the browser's hostile test (issue 16): follow 0 left the trained layer on screen,
// and Leave then kept it in place of the user's scenario.
TEST_CASE("not following training shows the user's own scenario, and leaving keeps it", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"tokens": ["my", "own", "words"], "embedding": {"dim": 6}})", &error));
    const std::string mine = ui_scenario_json(ui.app);
    ui.frames(2);
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    REQUIRE(ui_training_control(ui.app, "step", 3, &error));
    ui.frames(2);
    REQUIRE(ui_scenario_json(ui.app) != mine);
    REQUIRE(ui_training_control(ui.app, "follow", 0, &error));
    ui.frames(2);
    CHECK_FALSE(ui.app.session.follow);
    CHECK(ui_scenario_json(ui.app) == mine);
    CHECK(ui.app.result->tokens == std::vector<std::string>{"my", "own", "words"});
    // Following again shows the trained layer; Leave gives the user's scenario back.
    REQUIRE(ui_training_control(ui.app, "follow", 1, &error));
    ui.frames(2);
    require_panels_show_trained_layer(ui.app);
    REQUIRE(ui_training_control(ui.app, "follow", 0, &error));
    REQUIRE(ui_training_control(ui.app, "leave", 0, &error));
    ui.frames(2);
    CHECK(ui_scenario_json(ui.app) == mine);
}

TEST_CASE("an edit in the input panels is kept: the panels stop following training", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    ui.frames(2);
    ui.click("train.collapse");
    ui.app.scenario.temperature = 3.0; // as the temperature slider does
    mark_edited(ui.app);
    REQUIRE(ui_training_control(ui.app, "step", 5, &error));
    ui.frames(3);
    CHECK_FALSE(ui.app.session.follow);
    CHECK(ui.app.scenario.temperature == 3.0);
    // Another example in the playground leaves the user's edit alone…
    REQUIRE(ui_training_control(ui.app, "example", 2, &error));
    CHECK_FALSE(ui.app.session.follow);
    CHECK(ui.app.scenario.temperature == 3.0);
    // …and asking for the trained layer again shows it, keeping that edit for Leave.
    ui.click("train.collapse");
    ui.frames(1); // the frame of the click drew the wide panel into the narrow column
    const WidgetRect before = ui.rect("train.follow");
    ui.frames(1);
    CHECK(ui.rect("train.follow").y == before.y); // a steady layout, frame to frame
    ui.click("train.follow");
    CHECK(ui.app.session.follow);
    require_panels_show_trained_layer(ui.app);
    CHECK(ui.app.session.saved.temperature == 3.0);
}

TEST_CASE("opening a lesson leaves the playground first", "[ui][training][lesson]") {
    Headless ui;
    ui_load_lessons(ui.app, ATTNVIZ_LESSON_DIR);
    const std::string mine = ui_scenario_json(ui.app);
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "sort"})", &error));
    REQUIRE(ui_open_lesson(ui.app, "01-dot-product-by-hand", 1, &error));
    CHECK_FALSE(in_mode(ui.app, Mode::Training));
    ui_leave_lesson(ui.app);
    CHECK(ui_scenario_json(ui.app) == mine);
}

TEST_CASE("bad training requests are refused by name and change nothing", "[ui][training]") {
    Headless ui;
    std::string error;
    CHECK_FALSE(ui_training_control(ui.app, "play", 0, &error));
    CHECK(error.find("not open") != std::string::npos);
    CHECK_FALSE(ui_open_training(ui.app, R"({"task": "copy", "heads": 5})", &error));
    CHECK(error.find("heads") == 0);
    CHECK_FALSE(in_mode(ui.app, Mode::Training));
    CHECK_FALSE(ui_open_training(ui.app, "{task", &error));
    CHECK(error.find("not JSON") == 0);
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    CHECK_FALSE(ui_training_control(ui.app, "fly", 0, &error));
    CHECK(error.find("unknown action") == 0);
    CHECK_FALSE(ui_training_control(ui.app, "example", 999, &error));
    CHECK_FALSE(ui_training_control(ui.app, "step", 0, &error));
    CHECK(ui.app.training.run->step == 0);
    CHECK(ui_training_json(ui.app) != "null");
}

TEST_CASE("hovering the curves names the step and each series' value", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    REQUIRE(ui_training_control(ui.app, "step", 100, &error));
    ui.frames(2);
    const WidgetRect r = ui.rect("plot.accuracy");
    ui.move_to(r.x + r.w * 0.75f, r.y + r.h * 0.5f);
    INFO(ui.app.tooltip);
    REQUIRE(ui.app.tooltip.rfind("step ", 0) == 0);
    const int step = std::atoi(ui.app.tooltip.c_str() + 5); // three quarters along a 100-step axis, past its left margin
    CHECK(step > 50);
    CHECK(step < 90);
    CHECK(ui.app.tooltip.find("\nheld-out: 100.0%") != std::string::npos);
    CHECK(ui.app.tooltip.find("\nattention on target: ") != std::string::npos);
}

TEST_CASE("a diverging run pauses itself and says to lower the learning rate", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy", "optimizer": "sgd", "learning_rate": 10})", &error));
    ui.app.training.speed = 3; // Max
    REQUIRE(ui_training_control(ui.app, "play", 0, &error));
    ui.frames(10);
    const TrainingState& ts = ui.app.training;
    CHECK_FALSE(ts.running);
    CHECK(ts.run->diverged_at > 0);
    CHECK(ts.error.find("Lower the learning rate (now 10)") != std::string::npos);
    CHECK(ui.app.error.empty()); // the panels still show a finite layer
    REQUIRE(ui_training_control(ui.app, "play", 0, &error));
    CHECK_FALSE(ts.running);
    ui.click("train.reset");
    CHECK(ts.error.empty());
    CHECK(ts.run->diverged_at == -1);
}

TEST_CASE("leaving after editing the panels keeps that edit, not the scenario from before", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    ui.frames(2);
    REQUIRE(ui_set_scenario_json(ui.app, R"({"tokens": ["loaded", "meanwhile"]})", &error)); // "Load an example…"
    ui.frames(2);
    CHECK_FALSE(ui.app.session.follow);
    REQUIRE(ui_training_control(ui.app, "leave", 0, &error));
    ui.frames(2);
    CHECK(ui.app.result->tokens == std::vector<std::string>{"loaded", "meanwhile"});
}

TEST_CASE("typing an example of one's own shows what the trained layer does with it", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "reverse"})", &error));
    REQUIRE(ui_training_control(ui.app, "step", 500, &error));
    ui.frames(2);
    const WidgetRect r = ui.rect("train.try");
    ui.click(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
    ImGui::GetIO().AddInputCharactersUTF8("a b c d e f");
    ui.frames(1);
    ui.key(ImGuiKey_Enter);
    const TrainingState& ts = ui.app.training;
    REQUIRE(ts.custom);
    CHECK(ts.view.tokens == std::vector<std::string>{"a", "b", "c", "d", "e", "f"});
    CHECK(ts.view.predictions == std::vector<std::string>{"f", "e", "d", "c", "b", "a"}); // reversed: it generalises
    CHECK(ui.app.result->tokens == ts.view.tokens); // the panels show it too
    // A mistyped one is refused with the reason, and the example shown stays.
    ui.click(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
    ui.key(ImGuiKey_A, true);
    ImGui::GetIO().AddInputCharactersUTF8("a b z");
    ui.frames(1);
    ui.key(ImGuiKey_Enter);
    CHECK(ts.custom_error == "example: 'z' is not one of the letters a–h");
    CHECK(ts.view.tokens == std::vector<std::string>{"a", "b", "c", "d", "e", "f"});
    // The arrows go back to the held-out examples.
    ui.click("train.next_example");
    CHECK_FALSE(ts.custom);
    CHECK(ts.example == 1);
}

TEST_CASE("after the user loads their own scenario, clicks in the training heatmaps cannot select past its tokens", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    ui.frames(2);
    // While the panels follow training, a click on a row selects that query token…
    const ImVec2 row3 = ui.cell("train.weights", 3, 0, 6);
    ui.click(row3.x, row3.y);
    REQUIRE(ui.app.selected_query == 3);
    REQUIRE(ui_set_scenario_json(ui.app, R"({"tokens": ["two", "tokens"]})", &error));
    ui.frames(2);
    ui_select_query(ui.app, 1);
    // …but once they show the user's own two tokens, row 6 of training's example is not one of them.
    const ImVec2 c = ui.cell("train.weights", 5, 0, 6);
    ui.click(c.x, c.y);
    CHECK(ui.app.tooltip.rfind("Query ", 0) == 0); // the click did land on the training heatmap
    CHECK(ui.app.selected_query == 1);
    // Reset keeps that scenario too: it is the user's, not training's.
    ui.click("train.reset");
    CHECK_FALSE(ui.app.session.follow);
    CHECK(ui.app.result->tokens == std::vector<std::string>{"two", "tokens"});
}

TEST_CASE("a learning rate typed into the slider is clamped to what training accepts", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    ui.frames(2);
    ui.click("train.settings");
    const WidgetRect r = ui.rect("train.lr");
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, true);
    ui.click(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, false);
    ui.key(ImGuiKey_A, true);
    ImGui::GetIO().AddInputCharactersUTF8("-5");
    ui.frames(1);
    ui.key(ImGuiKey_Enter);
    const double lr = ui.app.training.run->optimizer.learning_rate;
    CHECK(lr == Approx(1e-4)); // −5 clamped to the slider's lowest rate (the default is 0.01 or more)
    CHECK(ui.app.training.run->config.learning_rate == lr);
}

TEST_CASE("one's own example is read again for the next task, or dropped when it does not fit", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "reverse"})", &error));
    REQUIRE(ui_training_try(ui.app, "a b c d e f", &error));
    ui.app.training.config = train::default_config(train::TaskKind::Previous); // as the task picker does
    training_reset(ui.app);
    REQUIRE(ui.app.training.custom);
    CHECK(ui.app.training.view.targets == std::vector<std::string>{"", "a", "b", "c", "d", "e"});
    ui.app.training.config = train::default_config(train::TaskKind::Sort);
    training_reset(ui.app);
    CHECK_FALSE(ui.app.training.custom); // six letters are no sort input
    CHECK(ui.app.training.view.tokens.size() == 8);
}

TEST_CASE("the learned parameters can be opened and read value by value", "[ui][training]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy", "d_model": 8})", &error));
    ui.frames(2);
    ui.click("train.example"); // fold the sections above, as a learner would to make room
    ui.click("train.curves");
    ui.click("train.parameters");
    const ImVec2 c = ui.cell("train.param.W_Q", 2, 4, 8);
    ui.move_to(c.x, c.y);
    char expected[64];
    std::snprintf(expected, sizeof expected, "W_Q[3, 5] = %.4f", ui.app.training.run->parameters.wq(2, 4));
    CHECK(ui.app.tooltip == expected);
}

TEST_CASE("the per-step curves are bucket means, computed from prefix sums", "[ui][training]") {
    // y = 1, 2, 3, 4 at steps 1…4: two buckets average steps 1–2 and 3–4.
    const PlotSeries two = bucket_means("loss", {0, 1, 3, 6, 10}, 2, 0);
    CHECK(two.x == std::vector<float>{1.5f, 3.5f});
    CHECK(two.y == std::vector<float>{1.5f, 3.5f});
    const PlotSeries all = bucket_means("loss", {0, 1, 3, 6, 10}, 100, 0); // fewer points than pixels: all of them
    CHECK(all.y == std::vector<float>{1, 2, 3, 4});
    CHECK(bucket_means("loss", {0}, 10, 0).x.empty());
    // In the panel the prefix sums follow the run's history step for step.
    Headless ui;
    std::string error;
    REQUIRE(ui_open_training(ui.app, R"({"task": "copy"})", &error));
    REQUIRE(ui_training_control(ui.app, "step", 37, &error));
    const TrainingState& ts = ui.app.training;
    REQUIRE(ts.loss_prefix.size() == 38);
    double sum = 0;
    for (const train::StepRecord& r : ts.run->history) sum += r.loss;
    CHECK(ts.loss_prefix.back() == Approx(sum).epsilon(1e-12));
}
