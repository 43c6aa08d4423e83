// The whole UI drawn for real frames with no window (as Dear ImGui's example_null does),
// driven by synthetic mouse and keyboard events.
#include "ui_driver.h"
#include "panels.h"
#include "examples.h"
#include "scenario_edit.h"
#include "core/scenario_json.h"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace attn::ui;


TEST_CASE("the first screen is the classic example with every panel drawn", "[ui]") {
    Headless ui;
    REQUIRE(ui.app.result);
    CHECK(ui.app.result->tokens == std::vector<std::string>{"x₁", "x₂", "x₃"});
    for (const char* name : {"tokens.sentence", "tokens.chip.0", "settings.temperature", "settings.mask", "heatmap.scores",
                             "heatmap.weights", "heatmap.entropy", "sum.chart", "heatmap.output", "qkv.q", "qkv.v"}) {
        INFO(name);
        float r[4] = {0, 0, 0, 0}; // stays zero, and fails below, when the widget was not drawn
        CHECK(ui_widget_rect(ui.app, name, r));
        CHECK(r[2] > 0);
        CHECK(r[3] > 0);
    }
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
}

TEST_CASE("hovering a weight cell shows its formula with the actual numbers", "[ui]") {
    Headless ui;
    const ImVec2 c = ui.cell("heatmap.weights", 0, 2, 3);
    ui.move_to(c.x, c.y);
    CHECK(ui.app.tooltip == "w₁₃ = e² / (e² + e⁰ + e²) = 0.468");
    float r[4];
    CHECK(ui_widget_rect(ui.app, "tooltip", r));
}

TEST_CASE("clicking a weight row selects that query token", "[ui]") {
    Headless ui;
    const ImVec2 c = ui.cell("heatmap.weights", 2, 0, 3);
    ui.click(c.x, c.y);
    CHECK(ui.app.selected_query == 2);
}

TEST_CASE("typing a sentence and pressing Enter re-tokenizes and recomputes", "[ui]") {
    Headless ui;
    const WidgetRect r = ui.rect("tokens.sentence");
    ui.click(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
    ui.key(ImGuiKey_A, true); // select all, then type over it
    ImGui::GetIO().AddInputCharactersUTF8("the cat sat on the mat");
    ui.frames(1);
    ui.key(ImGuiKey_Enter);
    REQUIRE(ui.app.result->tokens == std::vector<std::string>{"the", "cat", "sat", "on", "the", "mat"});
    CHECK(ui.app.error.empty());
    CHECK(ui.app.result->head[0].weights.rows() == 6);
}

TEST_CASE("an invalid scenario is refused with a message and the old one kept", "[ui]") {
    Headless ui;
    const std::string before = ui_result_json(ui.app);
    std::string error;
    CHECK_FALSE(ui_set_scenario_json(ui.app, R"({"tokens": ["a", "b"], "embeddings": [[1, 2], [3]]})", &error));
    CHECK(error.find("embeddings") != std::string::npos);
    CHECK(ui_result_json(ui.app) == before);
    CHECK_FALSE(ui_set_scenario_json(ui.app, "{not json", &error));
    CHECK_FALSE(ui_set_scenario_json(ui.app, "{\"text\": \"\\u00ff\", \"tokens\": []}", &error));
    ui.frames(2);
    CHECK(ui_result_json(ui.app) == before);
}

TEST_CASE("every example, all heads side by side, and a 256-token scenario draw without trouble", "[ui]") {
    Headless ui;
    std::string error;
    for (int e = 0; e < kExampleCount; ++e) {
        INFO(kExamples[e].name);
        REQUIRE(ui_set_scenario_json(ui.app, kExamples[e].json, &error));
        ui.frames(2);
        CHECK(ui.app.error.empty());
        float r[4] = {0, 0, 0, 0};
        CHECK(ui_widget_rect(ui.app, "heatmap.weights", r));
        CHECK(r[2] > 0);
        // Each example shows T tokens: the weights heatmap is T×T and every row sums to 1.
        const attn::Matrix& w = ui.app.result->head[0].weights;
        CHECK(w.rows() == static_cast<long>(ui.app.result->tokens.size()));
        CHECK((w.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-9);
    }
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "自注意力机制", "tokenizer": "chars", "embedding": {"dim": 8, "seed": 2}, "heads": 4})", &error));
    CHECK(ui.app.result->tokens.size() == 6);
    ui.app.show_all_heads = true;
    ui.frames(3);
    float r[4];
    CHECK(ui_widget_rect(ui.app, "heatmap.weights.head.4", r));

    // Large matrices go to a texture, uploaded again only when the numbers change.
    nlohmann::json big = {{"embedding", {{"dim", 64}, {"seed", 1}}}, {"heads", 8}, {"projections", {{"seed", 2}}}};
    std::string text;
    for (int i = 0; i < 256; ++i) text += "t" + std::to_string(i) + " ";
    big["text"] = text;
    REQUIRE(ui_set_scenario_json(ui.app, big.dump(), &error));
    ui.app.show_all_heads = false;
    ui.frames(2);
    const int uploads = ui.uploads;
    CHECK(uploads > 0);
    ui.frames(5);
    CHECK(ui.uploads == uploads);
    CHECK(ImGui::GetDrawData()->TotalVtxCount < 200000);
}

TEST_CASE("pasting 10 000 words is refused with the limit named, and nothing typed is lost", "[ui]") {
    Headless ui;
    const std::string before = ui_result_json(ui.app);
    const WidgetRect r = ui.rect("tokens.sentence");
    ui.click(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
    ui.key(ImGuiKey_A, true);
    std::string text;
    for (int i = 0; i < 10000; ++i) text += "w" + std::to_string(i) + " ";
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    ui.frames(1);
    ui.key(ImGuiKey_Enter);
    CHECK(ui.app.error.find("512") != std::string::npos);
    CHECK(ui.app.sentence.size() == text.size()); // the field kept all of it
    CHECK(ui_result_json(ui.app) == before);      // the panels keep the last valid result
    ui.frames(2);
    float rect[4];
    CHECK(ui_widget_rect(ui.app, "error", rect));
}

TEST_CASE("dragging a token chip onto another reorders the tokens, keeping their vectors", "[ui]") {
    Headless ui;
    const attn::Matrix before = ui.app.result->embeddings;
    const WidgetRect from = ui.rect("tokens.chip.2"), to = ui.rect("tokens.chip.0");
    ImGuiIO& io = ImGui::GetIO();
    ui.move_to(from.x + from.w * 0.5f, from.y + from.h * 0.5f);
    io.AddMouseButtonEvent(0, true);
    ui.frames(2);
    for (int step = 1; step <= 6; ++step) { // a drag, not a click: the pointer travels while held
        const float t = step / 6.0f;
        io.AddMousePosEvent(from.x + (to.x - from.x) * t + to.w * 0.5f, from.y + (to.y - from.y) * t + to.h * 0.5f);
        ui.frames(1);
    }
    io.AddMouseButtonEvent(0, false);
    ui.frames(2);
    REQUIRE(ui.app.result->tokens == std::vector<std::string>{"x₃", "x₁", "x₂"});
    CHECK(ui.app.result->embeddings.row(0) == before.row(2));
    CHECK(ui.app.result->embeddings.row(1) == before.row(0));
}

TEST_CASE("after adding a chip, switching the tokenizer keeps the new token", "[ui]") {
    Headless ui;
    const WidgetRect add = ui.rect("tokens.add");
    ui.click(add.x + add.w * 0.5f, add.y + add.h * 0.5f);
    REQUIRE(ui.app.result->tokens.size() == 4);
    CHECK(ui.app.sentence == "x₁ x₂ x₃ new");
    const WidgetRect chars = ui.rect("tokens.chars");
    ui.click(chars.x + chars.h * 0.5f, chars.y + chars.h * 0.5f);
    const WidgetRect words = ui.rect("tokens.words");
    ui.click(words.x + words.h * 0.5f, words.y + words.h * 0.5f);
    CHECK(ui.app.result->tokens == std::vector<std::string>{"x₁", "x₂", "x₃", "new"});
}

TEST_CASE("a lesson task survives the learner deleting the tokens it is about", "[ui][lesson]") {
    Headless ui;
    ui_load_lessons(ui.app, ATTNVIZ_LESSON_DIR);
    std::string saved;
    ui.app.save_progress = [&saved](const std::string& p) { saved = p; };
    REQUIRE(ui_open_lesson(ui.app, "01-dot-product-by-hand", 5, nullptr)); // answer: "w 1 3"
    ui.frames(2);
    const std::string id = ui.app.lesson.lessons[ui.app.lesson.active].id;
    delete_token(ui.app.scenario, 2);
    mark_edited(ui.app); // as the chip menu does
    ui.frames(2);
    const WidgetRect answer = ui.rect("lesson.answer");
    ui.click(answer.x + 10, answer.y + answer.h * 0.5f);
    ImGui::GetIO().AddInputCharactersUTF8("0.4");
    ui.frames(1);
    ui.key(ImGuiKey_Enter); // must not throw out of the frame
    CHECK_FALSE(ui.app.lesson.done);
    CHECK(ui.app.lesson.feedback.find("out of range") != std::string::npos);

    // Step 4's click task is about row 1; with one token left, clicking reports, never crashes.
    REQUIRE(ui_open_lesson(ui.app, id, 4, nullptr));
    delete_token(ui.app.scenario, 2);
    delete_token(ui.app.scenario, 1);
    mark_edited(ui.app); // as the chip menu does
    ui.frames(2);
    const ImVec2 c = ui.cell("heatmap.weights", 0, 0, 1);
    ui.click(c.x, c.y);
    CHECK(ui.app.lesson.done); // row 1, column 1 is the largest (only) weight

    // Doing a task saves progress through the platform's callback; restoring that brings it back.
    REQUIRE(ui_open_lesson(ui.app, id, 3, nullptr)); // answer: 2
    ui.frames(2);
    const WidgetRect a3 = ui.rect("lesson.answer");
    ui.click(a3.x + 10, a3.y + a3.h * 0.5f);
    ImGui::GetIO().AddInputCharactersUTF8("2");
    ui.frames(1);
    ui.key(ImGuiKey_Enter);
    REQUIRE(ui.app.lesson.done);
    AppState fresh;
    ui_init(fresh);
    ui_load_lessons(fresh, ATTNVIZ_LESSON_DIR);
    ui_restore_progress(fresh, saved);
    CHECK(ui_lesson_json(fresh) == ui_lesson_json(ui.app));
    CHECK(fresh.lesson.completed[id].count(2) == 1);
}

TEST_CASE("cross-attention draws T×T_s maps: rows are the queries, columns the source's tokens", "[ui][source]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"version": 2, "tokens": ["le", "chat"], "embedding": {"dim": 4, "seed": 1},
        "projections": {"seed": 2}, "source": {"text": "the black cat sleeps", "embedding": {"seed": 1}}})", &error));
    ui.frames(3);
    const WidgetRect w = ui.rect("heatmap.weights");
    CHECK(w.w > w.h * 1.5f); // 4 columns, 2 rows
    // Row 2 (“chat”), column 3 (“cat”): the tooltip names the 2×4 matrix's cell.
    ui.move_to(w.x + w.w * 2.5f / 4, w.y + w.h * 1.5f / 2);
    CHECK(ui.app.tooltip.rfind("w₂₃ = ", 0) == 0);
    const WidgetRect k = ui.rect("qkv.k");
    CHECK(k.h > ui.rect("qkv.q").h); // K has T_s = 4 rows, Q has T = 2
    ui.app.show_all_heads = true;
    ui.frames(2);
}

TEST_CASE("a prediction: the outcome is off screen until the learner commits, and “Show me” reveals it", "[ui][lesson][predict]") {
    Headless ui;
    ui_load_lessons(ui.app, ATTNVIZ_LESSON_DIR);
    REQUIRE(ui_open_lesson(ui.app, "03-queries-keys-values", 7, nullptr)); // predict o₁₁ after W_V swaps features 1, 2
    ui.frames(2);
    const double before = ui.app.result->head[0].output(0, 0);
    auto type = [&ui](const char* text) {
        const WidgetRect answer = ui.rect("lesson.answer");
        ui.click(answer.x + 10, answer.y + answer.h * 0.5f);
        ui.key(ImGuiKey_A, true);
        ImGui::GetIO().AddInputCharactersUTF8(text);
        ui.frames(1);
        ui.key(ImGuiKey_Enter);
    };
    type("-0.287"); // o₁₁ as it is now: reading the screen is not the prediction
    CHECK_FALSE(ui.app.lesson.done);
    CHECK(ui.app.lesson.feedback.find("is not it yet") != std::string::npos);
    CHECK(ui.app.result->head[0].output(0, 0) == before); // nothing revealed yet
    ui.click("lesson.reveal");
    CHECK_FALSE(ui.app.lesson.done);
    CHECK(ui.app.result->head[0].output(0, 0) != Approx(before)); // W_V swapped on screen now
    type("-0.524");
    CHECK(ui.app.lesson.done);
}
