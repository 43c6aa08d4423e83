// Issue 14 in the headless UI: a link made from one app opens in another to the same
// result, bit for bit, and the same view; a link made by Python's zlib opens (an
// independent compressor); bad links and files leave the app as it was with a notice;
// the learner's scenario and view survive leaving a lesson or the playground and a
// restart; files open by what they hold; CSV and PNG exports hold the panels' numbers
// and colours.
#include "app/link_zlib.h"
#include "ui/export.h"
#include "ui/attention_import.h"
#include "ui/error_text.h"
#include "ui/i18n.h"
#include "ui/files.h"
#include "ui/link_state.h"
#include "ui/training.h"
#include "ui_driver.h"
#include "core/scenario_json.h"
// The PNG decoder for the export test: stb_image (libstb-dev), private to this file.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

using namespace attn::ui;

namespace {

const char* const kScenario = R"({"text": "the cat sat on the mat", "embedding": {"dim": 8, "seed": 3}, "heads": 2,
                                  "projections": {"seed": 9}, "positional": "sinusoidal", "temperature": 0.8, "mask": "causal"})";

// A fresh app, as a new page or a restarted desktop app has it (no ImGui needed to open links).
struct App {
    AppState app;
    std::string saved; // what save_progress last stored
    App() {
        ui_init(app);
        app.save_progress = [this](const std::string& json) { saved = json; };
    }
};

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') rows.back().push_back(field), field.clear();
        else if (c == '\n') rows.back().push_back(field), field.clear(), rows.emplace_back();
        else if (c != '\r') field += c;
    }
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

// Exports land in `files`, by name.
void collect(AppState& app, std::map<std::string, std::string>& files) {
    app.files.deliver = [&files](const std::string& name, const std::string& bytes, std::string&) { return files[name] = bytes, name; };
}

} // namespace

TEST_CASE("a link opens in another app to the same result bit for bit and the same view", "[ui][links]") {
    App a;
    std::string error;
    REQUIRE(ui_set_scenario_json(a.app, kScenario, &error));
    a.app.selected_query = 4, a.app.selected_head = 1, a.app.scores_view = 1, a.app.weights_to_max = true;
    const std::string link = "http://127.0.0.1:8080/index.html#" + attn::link_encode_zlib(ui_link_state_json(a.app));

    App b;
    REQUIRE(ui_open_link_state(b.app, attn::link_decode_zlib(link)));
    CHECK(b.app.notice.empty());
    CHECK(ui_result_json(b.app) == ui_result_json(a.app));
    CHECK(ui_scenario_json(b.app) == ui_scenario_json(a.app));
    CHECK(b.app.selected_query == 4);
    CHECK(b.app.selected_head == 1);
    CHECK(b.app.scores_view == 1);
    CHECK(b.app.weights_to_max);
    CHECK(ui_link_state_json(b.app) == ui_link_state_json(a.app));
    // Opening it saved it: a reload (or restart) of b keeps it.
    App c;
    ui_restore_progress(c.app, b.saved);
    CHECK(ui_result_json(c.app) == ui_result_json(a.app));
}

TEST_CASE("a link compressed by Python's zlib opens and view fields this version does not know are ignored", "[ui][links]") {
    // zlib.compressobj(9, zlib.DEFLATED, -15) of {"scenario": {"version": 1, "tokens": ["a", "b"],
    // "embeddings": [[1, 0], [0, 1]]}, "view": {"mode": "explore", "query": 1, "scores_view": 1,
    // "future_field": [1, 2]}}, base64url without padding.
    const char* link = "index.html#s=1.JYxBDoMgFETvMuu_kC65CiFGZWxIFVoQW2O4e7Fdzsu8dyJPDEPyEfrEzpR9DNBKsMUHQ4Y2GCAYYQVcRzrnw_"
                       "3CRklnxXSirK2C3fN9JdboCA1-nktMbOarMB2_Yp4ayf3_2fZctpLYz56La0ElN1vrFw";
    App b;
    REQUIRE(ui_open_link_state(b.app, attn::link_decode_zlib(link)));
    CHECK(b.app.result->tokens == std::vector<std::string>{"a", "b"});
    CHECK(b.app.selected_query == 1);
    CHECK(b.app.scores_view == 1);
    // By hand: x = I, identity projections, scaled by 1/√2: row 2's logits are [0, 1/√2], so
    // w₂₂ = e^{1/√2} / (1 + e^{1/√2}).
    const double e = std::exp(1.0 / std::sqrt(2.0));
    CHECK(b.app.result->head[0].weights(1, 1) == Approx(e / (1.0 + e)).epsilon(1e-15));
    // A mode this build does not have (the model view) is ignored: the explorer shows the scenario.
    attn::LinkState s = attn::link_decode_zlib(link);
    s.view["mode"] = "model", s.view["layer"] = 3;
    REQUIRE(ui_open_link_state(b.app, s));
    CHECK(in_mode(b.app, Mode::Explore));
}

TEST_CASE("a bad link leaves the app as it was with a notice saying why", "[ui][links]") {
    App a;
    const std::string before = ui_result_json(a.app);
    const std::string good = attn::link_encode_zlib(ui_link_state_json(a.app));
    for (const std::string& link : {"#s=1." + good.substr(4, good.size() / 2), std::string("#s=1.!!"), "#s=3." + good.substr(4)}) {
        a.app.notice.clear();
        CHECK_FALSE(ui_open_link_state(a.app, attn::link_decode_zlib(link)));
        CHECK(a.app.notice.rfind("This link could not be opened: ", 0) == 0);
        CHECK(notice_text("zh", a.app.notice).rfind("无法打开这个链接：", 0) == 0); // kept in English, shown in Chinese
        CHECK(ui_result_json(a.app) == before);
    }
    // A scenario that parses but cannot be computed (a temperature overflowing the logits).
    attn::LinkState s = attn::link_decode_zlib("#" + good);
    s.scenario.temperature = 1e-308; // 3 / 1e-308 overflows
    CHECK_FALSE(ui_open_link_state(a.app, s));
    CHECK_THAT(a.app.notice, Catch::Contains("its scenario: temperature"));
    CHECK(notice_text("zh", a.app.notice) == "无法打开这个链接：它的场景有问题：temperature：" +
                                                 tr("zh", "error.logits_overflow") + "。");
    CHECK(ui_result_json(a.app) == before);
}

TEST_CASE("a link leaves an open lesson and Copy link in a lesson or the playground names that place", "[ui][links]") {
    App a;
    ui_load_lessons(a.app, ATTNVIZ_LESSON_DIR);
    std::string error;
    REQUIRE(ui_open_lesson(a.app, "01-dot-product-by-hand", 2, &error));
    CHECK(ui_place_fragment(a.app) == "lesson=01-dot-product-by-hand&step=2");
    App b;
    REQUIRE(ui_set_scenario_json(b.app, kScenario, &error));
    REQUIRE(ui_open_link_state(a.app, attn::link_decode_zlib("#" + attn::link_encode_zlib(ui_link_state_json(b.app)))));
    CHECK(in_mode(a.app, Mode::Explore));
    CHECK(ui_result_json(a.app) == ui_result_json(b.app));
    REQUIRE(ui_open_training(a.app, R"({"task": "sort", "seed": 5})", &error));
    CHECK(ui_place_fragment(a.app) == "train=sort&seed=5");
}

TEST_CASE("keep: leaving a lesson or the playground and a restart give back the learner's scenario and view", "[ui][keep]") {
    App a;
    ui_load_lessons(a.app, ATTNVIZ_LESSON_DIR);
    std::string error;
    REQUIRE(ui_set_scenario_json(a.app, kScenario, &error));
    a.app.selected_query = 3, a.app.scores_view = 1, a.app.show_all_heads = true;
    session_save_if_changed(a.app);
    const std::string own = ui_scenario_json(a.app), view = session_view_json(a.app).dump();

    REQUIRE(ui_open_lesson(a.app, "01-dot-product-by-hand", 3, &error));
    CHECK(ui_scenario_json(a.app) != own);
    // A restart in the middle of the lesson: the lesson reopens, and leaving it gives the learner's work back.
    App restarted;
    ui_load_lessons(restarted.app, ATTNVIZ_LESSON_DIR);
    ui_restore_progress(restarted.app, a.saved);
    CHECK(in_mode(restarted.app, Mode::Lesson));
    ui_leave_lesson(restarted.app);
    CHECK(ui_scenario_json(restarted.app) == own);
    CHECK(session_view_json(restarted.app).dump() == view);

    ui_leave_lesson(a.app);
    CHECK(ui_scenario_json(a.app) == own);
    CHECK(session_view_json(a.app).dump() == view);

    REQUIRE(ui_open_training(a.app, R"({"task": "reverse"})", &error));
    REQUIRE(ui_training_control(a.app, "step", 3, &error));
    REQUIRE(ui_training_control(a.app, "leave", 0, &error));
    CHECK(ui_scenario_json(a.app) == own);
    CHECK(session_view_json(a.app).dump() == view);
}

TEST_CASE("files open by what they hold and anything else leaves the app as it was naming the file and why", "[ui][files]") {
    App a;
    const std::string before = ui_result_json(a.app);
    const std::pair<std::string, std::string> refused[] = {
        {"broken.json", "{\"tokens\": [\"a\", "},
        {"list.json", "[1, 2, 3]"},
        {"notes.txt", "hello"},
        {"wrong.json", R"({"tokens": ["a"], "heads": 0})"},
        {"result.json", ui_result_json(a.app)},
        {"attn.json", R"({"format": "attnviz-attention", "version": 1, "tokens": ["a", "b"], "attention": [[[[1, 0], [0.5, 0.4]]]]})"},
        {"attn.safetensors", std::string("\x0e\0\0\0\0\0\0\0{\"a\": \"b\"}    ", 22)},
    };
    const char* const why[] = {"parse error", "not a JSON object (array)", "attnviz opens scenario files", "heads",
                               "not a scenario", "sums to 0.9", "attention"};
    for (std::size_t i = 0; i < std::size(refused); ++i) {
        INFO(refused[i].first);
        CHECK_FALSE(ui_open_file(a.app, refused[i].first, refused[i].second));
        CHECK(a.app.notice.rfind(refused[i].first + " ", 0) == 0);
        CHECK_THAT(a.app.notice, Catch::Contains(why[i]));
        CHECK(ui_result_json(a.app) == before);
    }
    REQUIRE(ui_open_file(a.app, "mine.json", kScenario));
    CHECK(a.app.notice.empty());
    CHECK(a.app.result->tokens.size() == 6);
    // An attention file exported from Python opens in model mode's view (docs/attention-files.md).
    REQUIRE(ui_open_file(a.app, "attn.json", R"({"format": "attnviz-attention", "version": 1, "tokens": ["a", "b"],
                                                  "attention": [[[[1, 0], [0.25, 0.75]]]]})"));
    CHECK(a.app.notice.empty());
    CHECK(attention_shown(a.app));
    CHECK(a.app.result->head[0].weights(1, 1) == 0.75);
}

TEST_CASE("exports: a matrix as CSV reads back to the result's numbers and the scenario and result as JSON", "[ui][files]") {
    App a;
    std::string error;
    REQUIRE(ui_set_scenario_json(a.app, R"({"tokens": ["a,b", "say \"hi\"", "c"], "embedding": {"dim": 4, "seed": 2}, "mask": "causal"})", &error));
    a.app.selected_head = 0;
    std::map<std::string, std::string> files;
    collect(a.app, files);
    REQUIRE(ui_export(a.app, "logits.csv", error));
    REQUIRE(ui_export(a.app, "q.csv", error));
    REQUIRE(ui_export(a.app, "result.json", error));
    REQUIRE(ui_export(a.app, "scenario.json", error));
    const attn::Result& r = *a.app.result;
    const auto rows = parse_csv(files.at("attnviz-logits-head1.csv"));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0] == std::vector<std::string>{"", "a,b", "say \"hi\"", "c"});
    for (int i = 0; i < 3; ++i) {
        CHECK(rows[i + 1][0] == r.tokens[i]);
        for (int j = 0; j < 3; ++j) {
            const double v = r.head[0].logits(i, j);
            if (std::isinf(v)) CHECK(rows[i + 1][j + 1] == "-inf"); // the causal mask
            else CHECK(std::strtod(rows[i + 1][j + 1].c_str(), nullptr) == v);
        }
    }
    CHECK(parse_csv(files.at("attnviz-q-head1.csv"))[0] == std::vector<std::string>{"", "1", "2", "3", "4"});
    CHECK(nlohmann::json::parse(files.at("attnviz-result.json")) == nlohmann::json::parse(ui_result_json(a.app)));
    App b;
    REQUIRE(ui_open_file(b.app, "attnviz-scenario.json", files.at("attnviz-scenario.json")));
    CHECK(ui_result_json(b.app) == ui_result_json(a.app));
    CHECK_FALSE(ui_export(a.app, "x.png", error)); // X is a table in its panel, not a heatmap
    CHECK_THAT(error, Catch::Contains("exported as CSV"));
    CHECK_FALSE(ui_export(a.app, "everything.zip", error));
    CHECK_THAT(error, Catch::Contains("unknown export"));
}

TEST_CASE("exports: the weights heatmap as PNG at the on-screen cell size and 2× with masked cells grey", "[ui][files]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "one two three four", "embedding": {"dim": 4, "seed": 2}, "mask": "causal"})", &error));
    ui.frames(3);
    std::map<std::string, std::string> files;
    collect(ui.app, files);
    REQUIRE(ui_export(ui.app, "weights.png", error));
    REQUIRE(ui_export(ui.app, "weights@2x.png", error));
    const int cell = static_cast<int>(std::lround(ui.rect("heatmap.weights").w / 4));
    for (const auto& [name, scale] : {std::pair<std::string, int>{"attnviz-weights-head1.png", 1}, {"attnviz-weights-head1@2x.png", 2}}) {
        const std::string& png = files.at(name);
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()), static_cast<int>(png.size()), &w, &h, &n, 4);
        REQUIRE(px);
        CHECK(w == 4 * cell * scale);
        CHECK(h == 4 * cell * scale);
        const attn::Matrix& wts = ui.app.result->head[0].weights;
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) {
                const unsigned char* p = px + ((i * cell * scale + cell * scale / 2) * w + j * cell * scale + cell * scale / 2) * 4;
                const std::uint32_t want = colormap_rgba(Colormap::Viridis, wts(i, j));
                // Row 1 attends only to itself (w = 1, the top of the map); masked cells get 0 → bottom colour.
                CHECK((p[0] | p[1] << 8 | p[2] << 16 | 0xFF000000u) == want);
            }
        stbi_image_free(px);
    }
    // Logits: the causal mask's −∞ is the grey of the hatching.
    REQUIRE(ui_export(ui.app, "logits.png", error));
    const std::string& png = files.at("attnviz-logits-head1.png");
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()), static_cast<int>(png.size()), &w, &h, &n, 4);
    REQUIRE(px);
    const unsigned char* top_right = px + (cell / 2 * w + w - cell / 2) * 4;
    CHECK((top_right[0] | top_right[1] << 8 | top_right[2] << 16 | 0xFF000000u) == kExportMaskedRgba);
    stbi_image_free(px);
}

TEST_CASE("exports: Q, K, V and the outputs as PNG in the panels' colours, Q, K and V on one range", "[ui][files]") {
    Headless ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "one two three", "embedding": {"dim": 4, "seed": 5}, "projections": {"seed": 2}})", &error));
    ui.frames(3);
    std::map<std::string, std::string> files;
    collect(ui.app, files);
    const attn::HeadResult& hr = ui.app.result->head[0];
    // Panel 4 colours Q, K and V on the largest |value| of the three; panel 7's layer output on its own.
    const double qkv = std::max({hr.q.cwiseAbs().maxCoeff(), hr.k.cwiseAbs().maxCoeff(), hr.v.cwiseAbs().maxCoeff()});
    const double out = ui.app.result->output.cwiseAbs().maxCoeff();
    const struct { const char* what; const char* name; const char* widget; const attn::Matrix* m; double range; } cases[] = {
        {"q.png", "attnviz-q-head1.png", "qkv.q", &hr.q, qkv},
        {"v@2x.png", "attnviz-v-head1@2x.png", "qkv.v", &hr.v, qkv},
        {"output.png", "attnviz-output.png", "heatmap.output", &ui.app.result->output, out},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        REQUIRE(ui_export(ui.app, c.what, error));
        const std::string& png = files.at(c.name);
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()), static_cast<int>(png.size()), &w, &h, &n, 4);
        REQUIRE(px);
        const int rows = static_cast<int>(c.m->rows()), cols = static_cast<int>(c.m->cols());
        const int scale = std::string(c.what).find("@2x") != std::string::npos ? 2 : 1;
        const int cell = static_cast<int>(std::lround(ui.rect(c.widget).w / cols)) * scale;
        CHECK(w == cols * cell);
        CHECK(h == rows * cell);
        for (int i = 0; i < rows; ++i)
            for (int j = 0; j < cols; ++j) {
                const unsigned char* p = px + ((i * cell + cell / 2) * w + j * cell + cell / 2) * 4;
                const std::uint32_t want = colormap_rgba(Colormap::RdBu, ((*c.m)(i, j) + c.range) / (2 * c.range));
                CHECK((p[0] | p[1] << 8 | p[2] << 16 | 0xFF000000u) == want);
            }
        stbi_image_free(px);
    }
}

TEST_CASE("exports: the whole view at 1× and 2× asked for together are captured in two frames, each under its name", "[ui][files]") {
    App a;
    std::map<std::string, std::string> files;
    collect(a.app, files);
    std::string error;
    REQUIRE(ui_export(a.app, "view.png", error));
    REQUIRE(ui_export(a.app, "view@2x.png", error));
    CHECK(ui_export_name(a.app, "view@2x.png") == "attnviz-view@2x.png");
    // The platform captures the frame after the one that asked (that one still shows the menu).
    CHECK(a.app.files.capture_view == 2);
    CHECK(a.app.files.capture_scales == (kCaptureScreen | kCaptureTwice));
    CHECK(ui_next_change_in(a.app) == 0.0); // an idle loop must draw those frames
    ui_deliver_view_capture(a.app, "one", 1);
    CHECK(files.at("attnviz-view.png") == "one");
    CHECK(a.app.files.capture_view == 1); // the 2× picture is the very next frame's
    CHECK(a.app.files.capture_scales == kCaptureTwice);
    ui_deliver_view_capture(a.app, "two", 2);
    CHECK(files.at("attnviz-view@2x.png") == "two");
    CHECK((a.app.files.capture_view == 0 && a.app.files.capture_scales == 0));
    CHECK(ui_next_change_in(a.app) < 0.0);
    // A driver that cannot draw 2× that large: the request ends with a notice naming the size.
    REQUIRE(ui_export(a.app, "view@2x.png", error));
    ui_view_capture_failed(a.app, 10240, 6400, 8192);
    CHECK(a.app.notice.find("10240×6400") != std::string::npos);
    CHECK(a.app.notice.find("8192") != std::string::npos);
    CHECK((a.app.files.capture_view == 0 && a.app.files.capture_scales == 0));
    CHECK(files.size() == 2);
    CHECK_FALSE(ui_export(a.app, "view@3x.png", error));
}

TEST_CASE("the header has Copy link and a File menu and a notice shows until dismissed", "[ui][files]") {
    Headless ui;
    int copies = 0;
    ui.app.files.copy_link = [&copies] { ++copies; };
    ui.click("header.copy_link");
    CHECK(copies == 1);
    ui.click("header.file");
    for (const char* item : {"file.scenario.json", "file.weights.png", "file.weights@2x.png", "file.view.png", "file.view@2x.png", "file.result.json", "file.open_path"})
        CHECK(ui.app.last_widget_rects.count(item) == 1);
    std::string delivered;
    ui.app.files.deliver = [&delivered](const std::string& name, const std::string&, std::string&) { return delivered = name; };
    ui.click("file.result.json");
    CHECK(delivered == "attnviz-result.json");
    // At 1280 px the header keeps to one line, also with a head picker (the tagline gives way).
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "a b c", "embedding": {"dim": 4, "seed": 1}, "heads": 2})", &error));
    ui.frames(3);
    CHECK(ui.rect("header.all_heads").y == ui.rect("header.examples").y);
    CHECK(ui.rect("header.file").y == ui.rect("header.examples").y);
    ui.app.notice = "x.json was not opened: because.";
    ui.frames(2);
    ui.click("notice.dismiss");
    CHECK(ui.app.notice.empty());
}
