// The whole attnviz UI with no window and no GPU, as Dear ImGui's example_null runs:
// shared by the UI tests and the UI frame benchmark.
#pragma once
#include "imgui.h"
#include "ui.h"
#include <cstdint>

struct HeadlessUi {
    attn::ui::AppState app;
    attn::ui::PlatformInfo pf;
    int uploads = 0; // textures the heatmaps asked for (large matrices go to a texture)

    // With a font file (and its glyph ranges), text is measured with the app's own font, as
    // app/main.cpp loads it at devicePixelRatio 1, so layouts match the page's to the pixel.
    explicit HeadlessUi(const char* font_file = nullptr, const ImWchar* glyph_ranges = nullptr, float font_size = 16.0f) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(pf.width, pf.height);
        io.DeltaTime = 1.0f / 60.0f;
        // Large heatmaps produce more than 64 K vertices; real backends support this flag too.
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        if (font_file) {
            ImFontConfig config;
            config.OversampleH = 1;
            config.OversampleV = 1;
            config.PixelSnapH = true;
            io.Fonts->AddFontFromFileTTF(font_file, font_size, &config, glyph_ranges);
        }
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        app.textures.user = this;
        app.textures.upload = [](void* existing, const std::uint32_t*, int, int, void* user) -> void* {
            ++static_cast<HeadlessUi*>(user)->uploads;
            return existing ? existing : reinterpret_cast<void*>(std::uintptr_t{1});
        };
        ui_init(app);
        frames(2);
    }
    ~HeadlessUi() { ImGui::DestroyContext(); }
    HeadlessUi(const HeadlessUi&) = delete;
    HeadlessUi& operator=(const HeadlessUi&) = delete;

    void frames(int n) {
        for (int k = 0; k < n; ++k) {
            ImGui::NewFrame();
            ui_frame(app, pf);
            ImGui::Render();
        }
    }
};
