// attnviz platform layer, desktop: the command line, the progress file in the user's
// config folder, --screenshot (a PNG of the back buffer) and the native main loop.
#include "app.h"
#include "platform.h"
#include "platform_gl.h"
#include "link_zlib.h"
#include "screenshot.h"
#include "ui/i18n.h"
#include "ui/attention_import.h"
#include "ui/files.h"
#include "ui/link_state.h"
#include "ui/model_mode.h"
#include "ui/training.h"
#include "ui/ui.h"
#include <nlohmann/json.hpp>

#include <SDL.h>
#include <imgui.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace attn::ui;

namespace {

struct Options {
    std::string screenshot_path; // render `frames` frames, save a PNG, exit
    int frames = 10;
    std::string scenario_path;   // start with this scenario JSON
    std::string lesson_id;       // open this lesson (the page uses #lesson=…&step=…)
    int lesson_step = 1;
    std::string train_task;      // open the training playground on this task, playing
    std::string model_dir;       // open model mode on this GPT-2 folder
    std::string model_text;      // … with this text
    int model_layer = -1, model_head = -1; // … showing this head
    std::string attention_path;  // show this attention file (docs/attention-files.md) in model mode
    bool quit_when_idle = false; // for the test that the app sleeps when nothing moves
    std::string lang;            // --lang: the interface's language, chosen (and saved); else LANG's
    std::string link;            // a page link (…#s=1.…, #lesson=…, #train=…) to open
    std::vector<std::string> exports; // File menu exports to make once the window is drawn
    std::string export_dir;      // where exports go (default ~/attnviz-exports)
    std::string drop_file;       // a file "dropped" at start: an SDL_DROPFILE event, for tests
    std::string page_url = "http://127.0.0.1:8080/index.html"; // what Copy link puts before the #…
    bool print_link = false;     // print Copy link's text after the frames (for tests)
    std::vector<std::string> print_widgets; // print where these widgets are, once drawn (tests click them)
};

struct {
    Options options;
} native;

// [SECTION] Command line

void print_usage()
{
    std::printf("usage: attnviz [--size WxH] [--scenario FILE] [--lesson ID [--step N]] [--train TASK]\n"
                "              [--model DIR [--text TEXT] [--head L,H]] [--attention FILE] [--lang en|zh]\n"
                "              [--screenshot PATH [--frames N]] [--link LINK | LINK] [--export WHAT]… [--export-dir DIR]\n"
                "  --size WxH         initial window size in logical pixels (default 1280x800)\n"
                "  --scenario FILE    start with this scenario JSON (on error: message, default kept)\n"
                "  --lesson ID        open a lesson of assets/lessons (ID = file name without .md)\n"
                "  --step N           … at step N (1-based, default 1)\n"
                "  --train TASK       open the training playground on TASK and play (classic, copy,\n"
                "                     reverse, previous, sort); one step per frame\n"
                "  --model DIR        open model mode on a GPT-2 folder (config.json, model.safetensors,\n"
                "                     vocab.json, merges.txt); the Model button opens the shipped one\n"
                "  --text TEXT        … on this text;  --head L,H  … showing layer L's head H (from 0)\n"
                "  --attention FILE   show an attention file (JSON or safetensors, docs/attention-files.md)\n"
                "                     in model mode; --head L,H selects the head\n"
                "  --lang en|zh       the interface's and lessons' language (default: the locale's,\n"
                "                     LC_ALL / LC_MESSAGES / LANG, or the one chosen last time)\n"
                "  --screenshot PATH  render N frames, save the last one as a PNG, exit\n"
                "  --frames N         frames to render before the screenshot (default 10)\n"
                "  --quit-when-idle   exit where the app would sleep for want of events (for tests)\n"
                "  --link LINK        open a page link: index.html#s=1.… (a scenario and view, from\n"
                "                     Copy link), #lesson=ID&step=N or #train=TASK; also as a plain argument\n"
                "  --page-url URL     what Copy link puts before '#' (default %s)\n"
                "  --export WHAT      once drawn, export WHAT (repeatable): scenario.json, result.json,\n"
                "                     view.png, view@2x.png, weights.png, weights@2x.png, q.png, weights.csv, q.csv, …\n"
                "  --export-dir DIR   where exports go (default ~/attnviz-exports; also a field in File…)\n"
                "  --drop FILE        open FILE as if dropped on the window (an SDL drop event)\n"
                "  --print-link       print the link Copy link would copy, after the frames\n"
                "  --print-widget NAME  print where widget NAME is (window pixels), once drawn; repeatable\n",
                Options{}.page_url.c_str());
}

void load_scenario_file(AppState& app, const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::fprintf(stderr, "attnviz: cannot read scenario %s; keeping the default\n", path.c_str());
        return;
    }
    std::ostringstream text;
    text << file.rdbuf();
    std::string error;
    if (!ui_set_scenario_json(app, text.str(), &error))
        std::fprintf(stderr, "attnviz: scenario %s: %s; keeping the default\n", path.c_str(), error.c_str());
}

// [SECTION] Lesson progress, in a file in the user's config folder

std::string progress_path()
{
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    if (xdg && *xdg)
        return std::string(xdg) + "/attnviz/progress.json";
    return home && *home ? std::string(home) + "/.config/attnviz/progress.json" : std::string();
}

void save_progress(const std::string& json)
{
    const std::string path = progress_path();
    if (path.empty())
        return;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << json;
}

void restore_progress(AppState& app)
{
    std::ifstream file(progress_path(), std::ios::binary);
    if (!file)
        return;
    std::ostringstream text;
    text << file.rdbuf();
    ui_restore_progress(app, text.str());
    if (in_mode(app, Mode::Lesson))
        std::printf("attnviz: resuming lesson %s at step %d (progress in %s)\n",
                    app.lesson.lessons[app.lesson.active].id.c_str(), app.lesson.step + 1, progress_path().c_str());
}

// [SECTION] Links and files (issue 14)

std::string read_bytes(const std::string& path, bool& ok)
{
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    ok = static_cast<bool>(file);
    return text.str();
}

void report_notice(const AppState& app)
{
    if (!app.notice.empty())
        std::fprintf(stderr, "attnviz: %s\n", app.notice.c_str());
}

// A lesson or training link as the page has them; a state link through the link codec.
void open_link(AppState& app, const std::string& link)
{
    if (attn::is_state_link(link)) {
        if (ui_open_link_state(app, attn::link_decode_zlib(link)))
            std::printf("attnviz: opened the link's scenario and view\n");
        report_notice(app);
        return;
    }
    const std::size_t hash = link.find('#');
    std::map<std::string, std::string> params;
    std::istringstream fragment(hash == std::string::npos ? std::string() : link.substr(hash + 1));
    for (std::string item; std::getline(fragment, item, '&');) {
        const std::size_t eq = item.find('=');
        if (eq != std::string::npos) params[item.substr(0, eq)] = item.substr(eq + 1);
    }
    std::string error;
    if (params.count("lesson")) {
        if (!ui_open_lesson(app, params["lesson"], params.count("step") ? std::atoi(params["step"].c_str()) : 1, &error))
            ui_notice(app, "This link could not be opened: " + error + ".");
    } else if (params.count("train")) {
        nlohmann::json config = {{"task", params["train"]}};
        if (params.count("seed")) config["seed"] = std::strtoull(params["seed"].c_str(), nullptr, 10);
        if (!ui_open_training(app, config.dump(), &error))
            ui_notice(app, "This link could not be opened: " + error + ".");
    } else {
        ui_notice(app, "This link could not be opened: not an attnviz link (expected #s=1.…, #lesson=… or #train=…).");
    }
    report_notice(app);
}

std::string copy_link_text(const AppState& app)
{
    const std::string place = ui_place_fragment(app);
    return native.options.page_url + "#" + (place.empty() ? attn::link_encode_zlib(ui_link_state_json(app)) : place);
}

std::string deliver_file(const std::string& name, const std::string& bytes, std::string& error)
{
    const std::filesystem::path folder = app_state().files.folder;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    const std::filesystem::path path = folder / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) {
        error = "cannot write " + path.string();
        return "";
    }
    std::printf("attnviz: wrote %s\n", path.string().c_str());
    return path.string();
}

void open_dropped(AppState& app, const std::string& path)
{
    bool ok = false;
    const std::string bytes = read_bytes(path, ok);
    if (!ok) {
        ui_notice(app, path + " was not opened: cannot read it.");
    } else if (ui_open_file(app, path, bytes)) {
        std::printf("attnviz: opened %s\n", path.c_str());
        return;
    }
    report_notice(app);
}

void install_files(AppState& app)
{
    const Options& o = native.options;
    const char* home = std::getenv("HOME");
    const std::string folder = !o.export_dir.empty() ? o.export_dir
                               : home && *home   ? std::string(home) + "/attnviz-exports"
                                                 : std::string("attnviz-exports");
    std::snprintf(app.files.folder, sizeof app.files.folder, "%s", folder.c_str());
    app.files.deliver = deliver_file;
    app.files.copy_link = [] { SDL_SetClipboardText(copy_link_text(app_state()).c_str()); };
    if (!o.drop_file.empty()) {
        // Through SDL's queue, as a real drop arrives; platform_event frees the name, as SDL wants.
        SDL_Event event{};
        event.type = SDL_DROPFILE;
        event.drop.file = SDL_strdup(o.drop_file.c_str());
        SDL_PushEvent(&event);
    }
}

// For tests that drive the running app with real clicks (xdotool): where a widget is, in
// the window's logical pixels ("-" when it was not drawn). Flushed: the test reads it live.
void print_widgets(const AppState& app)
{
    for (const std::string& name : native.options.print_widgets) {
        const auto it = app.last_widget_rects.find(name);
        if (it == app.last_widget_rects.end())
            std::printf("attnviz: widget %s -\n", name.c_str());
        else
            std::printf("attnviz: widget %s %.0f %.0f %.0f %.0f\n", name.c_str(), it->second.x, it->second.y, it->second.w, it->second.h);
    }
    std::fflush(stdout);
}

// Once the window has been drawn (the heatmaps' on-screen size is known).
void run_exports(AppState& app)
{
    for (const std::string& what : native.options.exports) {
        std::string error;
        if (!ui_export(app, what, error))
            std::fprintf(stderr, "attnviz: --export %s: %s\n", what.c_str(), error.c_str());
    }
}

// [SECTION] Screenshots

// Reads the back buffer, so it runs before the swap.
bool save_screenshot(SDL_Window* window, const AppState& app, int frame_count)
{
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window, &w, &h);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w) * h * 4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const std::string& path = native.options.screenshot_path;
    if (!write_png_bottom_up(path, pixels.data(), w, h)) {
        std::fprintf(stderr, "attnviz: cannot write %s\n", path.c_str());
        return false;
    }
    std::printf("attnviz: wrote %s (%dx%d, %d frames)\n", path.c_str(), w, h, frame_count);
    if (in_mode(app, Mode::Lesson)) // what the screenshot shows, for the tests to check the language
        std::printf("attnviz: lesson %s step %d in %s: %s\n", app.lesson.lessons[app.lesson.active].id.c_str(),
                    app.lesson.step + 1, app.language.c_str(), app.lesson.lessons[app.lesson.active].title.c_str());
    if (in_mode(app, Mode::Training) && app.training.run) {
        const attn::train::TrainingRun& run = *app.training.run;
        std::printf("attnviz: training %s at step %d, held-out accuracy %.1f%%\n", run.task->name.c_str(), run.step,
                    run.evaluations.back().accuracy * 100);
    }
    return true;
}

} // namespace

// [SECTION] The platform interface (platform.h)

bool platform_parse_options(int argc, char** argv, WindowOptions& window)
{
    Options& out = native.options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--help" || arg == "-h") {
            print_usage();
            std::exit(0);
        } else if (arg == "--size" && has_value) {
            if (std::sscanf(argv[++i], "%dx%d", &window.width, &window.height) != 2 || window.width < 64 ||
                window.height < 64) {
                std::fprintf(stderr, "attnviz: --size wants WxH (at least 64x64), got '%s'\n", argv[i]);
                return false;
            }
        } else if (arg == "--screenshot" && has_value) {
            out.screenshot_path = argv[++i];
        } else if (arg == "--frames" && has_value) {
            out.frames = std::atoi(argv[++i]);
            if (out.frames < 1) {
                std::fprintf(stderr, "attnviz: --frames wants a positive number\n");
                return false;
            }
        } else if (arg == "--scenario" && has_value) {
            out.scenario_path = argv[++i];
        } else if (arg == "--lesson" && has_value) {
            out.lesson_id = argv[++i];
        } else if (arg == "--step" && has_value) {
            out.lesson_step = std::atoi(argv[++i]);
        } else if (arg == "--train" && has_value) {
            out.train_task = argv[++i];
        } else if (arg == "--model" && has_value) {
            out.model_dir = argv[++i];
        } else if (arg == "--attention" && has_value) {
            out.attention_path = argv[++i];
        } else if (arg == "--text" && has_value) {
            out.model_text = argv[++i];
        } else if (arg == "--head" && has_value) {
            if (std::sscanf(argv[++i], "%d,%d", &out.model_layer, &out.model_head) != 2) {
                std::fprintf(stderr, "attnviz: --head wants LAYER,HEAD, got '%s'\n", argv[i]);
                return false;
            }
        } else if (arg == "--lang" && has_value) {
            out.lang = attn::ui::i18n_match_language(argv[++i]);
            if (out.lang.empty()) {
                std::fprintf(stderr, "attnviz: --lang wants en or zh, got '%s'\n", argv[i]);
                return false;
            }
        } else if (arg == "--quit-when-idle") {
            out.quit_when_idle = true;
        } else if (arg == "--link" && has_value) {
            out.link = argv[++i];
        } else if (arg == "--page-url" && has_value) {
            out.page_url = argv[++i];
        } else if (arg == "--export" && has_value) {
            out.exports.push_back(argv[++i]);
        } else if (arg == "--export-dir" && has_value) {
            out.export_dir = argv[++i];
        } else if (arg == "--drop" && has_value) {
            out.drop_file = argv[++i];
        } else if (arg == "--print-link") {
            out.print_link = true;
        } else if (arg == "--print-widget" && has_value) {
            out.print_widgets.push_back(argv[++i]);
        } else if (arg.rfind("--", 0) != 0 && arg.find('#') != std::string::npos) {
            out.link = arg; // attnviz 'index.html#s=1.…'
        } else if (arg.rfind("--", 0) != 0 && std::ifstream(arg).good()) {
            out.drop_file = arg; // attnviz scenario.json: opens it as a drop does
        } else {
            std::fprintf(stderr, "attnviz: unknown or incomplete option '%s'\n", arg.c_str());
            print_usage();
            return false;
        }
    }
    window.vsync = out.screenshot_path.empty();
    return true;
}

int platform_startup_failed()
{
    return 1;
}

GlContext platform_gl_context()
{
    return {SDL_GL_CONTEXT_PROFILE_CORE, "#version 130"};
}

void platform_start(AppState& app)
{
    model_state(app).default_dir = ATTNVIZ_MODEL_DIR; // before any lesson opens: lesson 9 shows the shipped model
    ui_default_language(app, i18n_language_from_locale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG")));
    restore_progress(app);
    app.save_progress = save_progress;
    if (!native.options.lang.empty())
        ui_set_language(app, native.options.lang);
    const Options& o = native.options;
    if (!o.scenario_path.empty())
        load_scenario_file(app, o.scenario_path);
    if (!o.lesson_id.empty()) {
        std::string error;
        if (!ui_open_lesson(app, o.lesson_id, o.lesson_step, &error))
            std::fprintf(stderr, "attnviz: --lesson: %s\n", error.c_str());
    }
    install_files(app);
    if (!o.link.empty())
        open_link(app, o.link);
    if (!o.train_task.empty()) {
        std::string error;
        const std::string config = nlohmann::json{{"task", o.train_task}}.dump();
        if (!ui_open_training(app, config, &error) || !ui_training_control(app, "play", 0, &error))
            std::fprintf(stderr, "attnviz: --train: %s\n", error.c_str());
    }
    if (!o.model_dir.empty()) {
        std::string error;
        if (!model_load_folder(app, o.model_dir, &error) || !model_open(app, &error)) {
            std::fprintf(stderr, "attnviz: --model: %s\n", error.c_str());
        } else {
            if (!o.model_text.empty()) model_set_text(app, o.model_text);
            if (o.model_layer >= 0) model_select(app, o.model_layer, o.model_head);
        }
    }
    if (!o.attention_path.empty()) {
        std::string error;
        if (!attention_open_path(app, o.attention_path, &error)) std::fprintf(stderr, "attnviz: --attention: %s\n", error.c_str());
        else if (o.model_layer >= 0 && !attention_select(app, o.model_layer, o.model_head, &error))
            std::fprintf(stderr, "attnviz: --head: %s\n", error.c_str());
    }
}

void platform_event(const SDL_Event& event, AppState& app)
{
    if (event.type != SDL_DROPFILE || !event.drop.file)
        return;
    const std::string path = event.drop.file;
    SDL_free(event.drop.file);
    open_dropped(app, path);
}

void platform_before_frame(SDL_Window*) {}

// Frames drawn before --export runs: the heatmaps' on-screen cell size is known by then.
constexpr int kExportAfterFrames = 3;

void platform_after_render(SDL_Window* window, const AppState& app, int frame_count, LoopState& loop)
{
    if (frame_count == kExportAfterFrames) {
        run_exports(app_state());
        print_widgets(app);
    }
    if (native.options.screenshot_path.empty() || frame_count < native.options.frames)
        return;
    if (native.options.print_link)
        std::printf("attnviz: link %s\n", copy_link_text(app).c_str());
    if (!save_screenshot(window, app, frame_count))
        loop.exit_code = 1;
    loop.quit = true;
}

// Frames drawn after an event before the loop may sleep: ImGui settles hover states,
// tooltips and layout over a few frames.
constexpr int kFramesAfterEvent = 30;

void platform_run(void (*frame)(), const LoopState& loop)
{
    int frames_left = kFramesAfterEvent;
    int frames = 0;
    const bool screenshot = !native.options.screenshot_path.empty(); // renders its frames flat out
    while (!loop.quit) {
        const double change_in = ui_next_change_in(app_state());
        if (!screenshot && frames_left <= 0 && change_in != 0.0) {
            if (native.options.quit_when_idle && change_in < 0.0) {
                std::printf("attnviz: idle after %d frames\n", frames);
                return;
            }
            // Nothing moves: sleep until the user does something (or the next change is due),
            // instead of drawing the same picture at the display's rate (~85% of a core).
            // A text field's caret still blinks.
            const int wait_ms = change_in > 0.0 ? static_cast<int>(change_in * 1000) : ImGui::GetIO().WantTextInput ? 500 : 5000;
            if (SDL_WaitEventTimeout(nullptr, wait_ms)) frames_left = kFramesAfterEvent;
        }
        frame();
        --frames_left;
        ++frames;
    }
}
