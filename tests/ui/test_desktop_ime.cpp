// The desktop app's input method path (issue 10, item 3), through Dear ImGui's own SDL2
// backend as app/main.cpp uses it: SDL's events for a composition and its committed text
// go through ImGui_ImplSDL2_ProcessEvent into the sentence field, and the backend is told
// where the caret is (it hands that to SDL_SetTextInputRect, where the IME opens its
// candidate window). SDL's "dummy" video driver: no X server, no input method needed.
#include "ui_driver.h"
#include "imgui_impl_sdl2.h"
#include <SDL.h>
#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <vector>

namespace {

// What ImGui tells the platform about the text field being typed into, then passed on to
// the backend's own handler (SDL_SetTextInputRect).
ImGuiPlatformImeData g_last_ime{};
int g_ime_calls = 0;
void (*g_backend_ime)(ImGuiViewport*, ImGuiPlatformImeData*) = nullptr;
void record_ime(ImGuiViewport* vp, ImGuiPlatformImeData* data) {
    g_last_ime = *data;
    ++g_ime_calls;
    g_backend_ime(vp, data);
}

bool send(SDL_Event e) { return ImGui_ImplSDL2_ProcessEvent(&e); }

SDL_Event text_event(Uint32 type, const char* utf8) {
    SDL_Event e{};
    e.type = type;
    if (type == SDL_TEXTINPUT) std::strncpy(e.text.text, utf8, sizeof e.text.text - 1);
    else std::strncpy(e.edit.text, utf8, sizeof e.edit.text - 1);
    return e;
}

SDL_Event key_event(Uint32 type, SDL_Keycode key) {
    SDL_Event e{};
    e.type = type;
    e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.key.keysym.sym = key;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    return e;
}

} // namespace

TEST_CASE("desktop: text an input method commits through SDL reaches the sentence field; the IME rect follows the caret", "[ui][ime][desktop]") {
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
    SDL_Window* window = SDL_CreateWindow("attnviz test", 0, 0, 1280, 800, SDL_WINDOW_HIDDEN);
    REQUIRE(window);
    {
        Headless ui;
        REQUIRE(ImGui_ImplSDL2_InitForOther(window));
        ImGuiIO& io = ImGui::GetIO();
        REQUIRE(io.SetPlatformImeDataFn); // the backend's: SDL_SetTextInputRect at the caret
        g_backend_ime = io.SetPlatformImeDataFn;
        io.SetPlatformImeDataFn = record_ime;

        ui.click("tokens.sentence");
        ui.key(ImGuiKey_A, true); // select all: what is committed replaces it
        REQUIRE(io.WantTextInput);
        const std::string before = ui.app.sentence;
        // While the learner picks characters the IME sends compositions; ImGui draws none of
        // it (the IME's own window shows it), and nothing reaches the field yet.
        CHECK_FALSE(send(text_event(SDL_TEXTEDITING, "zi"))); // the backend leaves it alone
        ui.frames(2);
        CHECK(ui.app.sentence == before);
        CHECK(send(text_event(SDL_TEXTINPUT, "自注意力"))); // committed
        ui.frames(2);
        CHECK(send(text_event(SDL_TEXTINPUT, "机制")));
        ui.frames(2);
        CHECK(send(key_event(SDL_KEYDOWN, SDLK_RETURN)));
        ui.frames(1);
        CHECK(send(key_event(SDL_KEYUP, SDLK_RETURN)));
        ui.frames(2);
        CHECK(ui.app.result->tokens == std::vector<std::string>{"自", "注", "意", "力", "机", "制"});

        // The caret's place went to the backend while the field was active: inside the field.
        ui.click("tokens.sentence");
        ui.frames(2);
        REQUIRE(g_ime_calls > 0);
        const attn::ui::WidgetRect field = ui.rect("tokens.sentence");
        CHECK(g_last_ime.WantVisible);
        CHECK(g_last_ime.InputPos.x >= field.x);
        CHECK(g_last_ime.InputPos.x <= field.x + field.w);
        CHECK(g_last_ime.InputPos.y >= field.y - 1.0f);
        CHECK(g_last_ime.InputPos.y <= field.y + field.h);
        CHECK(g_last_ime.InputLineHeight > 0.0f);
        ImGui_ImplSDL2_Shutdown();
    }
    SDL_DestroyWindow(window);
    SDL_Quit();
}
