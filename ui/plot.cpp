#include "plot.h"
#include "widgets.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attn::ui {

namespace {

std::string tick_text(double v, const PlotOptions& o) {
    char buf[32];
    if (o.percent) std::snprintf(buf, sizeof buf, "%.0f%%", v * 100);
    else if (o.log_y) std::snprintf(buf, sizeof buf, v >= 0.01 ? "%.2g" : "%.0e", v);
    else std::snprintf(buf, sizeof buf, "%.2g", v);
    return buf;
}

std::string value_text(double v, const PlotOptions& o) {
    char buf[32];
    if (o.percent) std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
    else std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

} // namespace

void line_plot(AppState& app, const char* id, const std::vector<PlotSeries>& series, const PlotOptions& o) {
    ImGui::PushID(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 120.0f);
    const float font = ImGui::GetFontSize();
    const float left = font * 3.2f, bottom = font * 1.3f, top = font * 1.4f, right = font * 0.9f;
    const ImVec2 p0(origin.x + left, origin.y + top), p1(origin.x + width - right, origin.y + o.height - bottom);
    ImGui::InvisibleButton("##plot", ImVec2(width, o.height));
    track_last_item(app, std::string("plot.") + id);
    const bool hovered = ImGui::IsItemHovered();

    // Axes ranges.
    float x_max = std::max(o.x_max, 1.0f);
    double y_lo = o.y_min, y_hi = o.y_max;
    if (o.log_y) {
        y_lo = 1e30, y_hi = 0;
        for (const PlotSeries& s : series)
            for (float v : s.y)
                if (v > 0 && std::isfinite(v)) y_lo = std::min<double>(y_lo, v), y_hi = std::max<double>(y_hi, v);
        if (y_hi <= 0) y_lo = 0.1, y_hi = 1;
        y_lo = std::pow(10.0, std::floor(std::log10(std::max(y_lo, 1e-6))));
        y_hi = std::pow(10.0, std::ceil(std::log10(y_hi)));
        if (y_hi <= y_lo) y_hi = y_lo * 10;
    }
    for (const PlotSeries& s : series)
        if (!s.x.empty()) x_max = std::max(x_max, s.x.back());
    if (!o.log_y) { // a little headroom, so a curve at 100% is not hidden by the frame
        const double pad = (y_hi - y_lo) * 0.04;
        y_lo -= pad, y_hi += pad;
    }
    auto to_y = [&](double v) {
        double t = o.log_y ? (std::log10(std::max(v, y_lo)) - std::log10(y_lo)) / (std::log10(y_hi) - std::log10(y_lo))
                           : (v - y_lo) / (y_hi - y_lo);
        t = std::clamp(t, 0.0, 1.0);
        return float(p1.y - t * (p1.y - p0.y));
    };
    auto to_x = [&](double x) { return float(p0.x + (x / x_max) * (p1.x - p0.x)); };

    // Frame, grid and ticks.
    const ImU32 grid = IM_COL32(255, 255, 255, 28), text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddRectFilled(p0, p1, IM_COL32(20, 22, 28, 255));
    std::vector<double> y_ticks;
    if (o.log_y)
        for (double v = y_lo; v <= y_hi * 1.001; v *= 10) y_ticks.push_back(v);
    else
        for (int i = 0; i <= 4; ++i) y_ticks.push_back(o.y_min + (o.y_max - o.y_min) * i / 4);
    const size_t y_stride = y_ticks.size() > 5 ? (y_ticks.size() + 4) / 5 : 1;
    for (size_t i = 0; i < y_ticks.size(); i += y_stride) {
        const float y = to_y(y_ticks[i]);
        dl->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), grid);
        const std::string t = tick_text(y_ticks[i], o);
        dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize(t.c_str()).x - 4, y - font * 0.5f), text, t.c_str());
    }
    // x ticks 1, 2 or 5 × 10^k apart, at least ~4.5 em so the labels never touch.
    const double min_gap = (font * 4.5) / std::max(1.0f, p1.x - p0.x) * x_max;
    double x_step = std::pow(10.0, std::floor(std::log10(std::max(min_gap, 1.0))));
    for (double factor : {1.0, 2.0, 5.0, 10.0})
        if (x_step * factor >= min_gap) {
            x_step *= factor;
            break;
        }
    for (double x = 0; x <= x_max; x += x_step) {
        const float px = to_x(x);
        dl->AddLine(ImVec2(px, p0.y), ImVec2(px, p1.y), grid);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", x);
        dl->AddText(ImVec2(px - ImGui::CalcTextSize(buf).x * 0.5f, p1.y + 2), text, buf);
    }
    dl->AddRect(p0, p1, IM_COL32(255, 255, 255, 60));

    // Series, clipped to the frame.
    dl->PushClipRect(p0, p1, true);
    for (const PlotSeries& s : series) {
        if (s.x.empty()) continue;
        std::vector<ImVec2> points;
        points.reserve(s.x.size());
        for (size_t i = 0; i < s.x.size(); ++i)
            if (std::isfinite(s.y[i])) points.emplace_back(to_x(s.x[i]), to_y(s.y[i]));
        if (s.dashed) {
            for (size_t i = 1; i < points.size(); i += 2) dl->AddLine(points[i - 1], points[i], s.color, 1.5f);
        } else if (points.size() > 1) {
            dl->AddPolyline(points.data(), int(points.size()), s.color, ImDrawFlags_None, 1.8f);
        }
        if (points.size() == 1) dl->AddCircleFilled(points[0], 2.5f, s.color);
    }
    dl->PopClipRect();

    dl->AddText(ImVec2(origin.x, origin.y), ImGui::GetColorU32(ImGuiCol_Text), o.title);
    // Legend above the frame, right-aligned, so it never hides a curve.
    float lx = p1.x;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        lx -= ImGui::CalcTextSize(it->name.c_str()).x;
        dl->AddText(ImVec2(lx, origin.y), it->color, it->name.c_str());
        lx -= font * 1.2f;
    }

    // Hover: a vertical rule and each series' value at that step.
    if (hovered) {
        const float mx = std::clamp(ImGui::GetIO().MousePos.x, p0.x, p1.x);
        const double step = (mx - p0.x) / (p1.x - p0.x) * x_max;
        dl->AddLine(ImVec2(mx, p0.y), ImVec2(mx, p1.y), IM_COL32(255, 255, 255, 90));
        std::string tip = std::string(o.x_label) + " " + std::to_string(int(std::lround(step)));
        for (const PlotSeries& s : series) {
            if (s.x.empty()) continue;
            const size_t i = size_t(std::lower_bound(s.x.begin(), s.x.end(), float(step)) - s.x.begin());
            const size_t near = std::min(i, s.x.size() - 1);
            tip += "\n" + s.name + ": " + value_text(s.y[near], o);
        }
        formula_tooltip(app, tip);
    }
    ImGui::PopID();
}

} // namespace attn::ui
