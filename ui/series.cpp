#include "series.h"
#include <algorithm>

namespace attn::ui {

PlotSeries downsample(PlotSeries s, int buckets) {
    const int n = int(s.x.size());
    if (buckets < 1 || n <= buckets) return s;
    PlotSeries out;
    out.name = s.name;
    out.color = s.color;
    out.dashed = s.dashed;
    for (int b = 0; b < buckets; ++b) {
        const int lo = int(std::int64_t(n) * b / buckets), hi = int(std::int64_t(n) * (b + 1) / buckets);
        if (hi <= lo) continue;
        double sx = 0, sy = 0;
        for (int i = lo; i < hi; ++i) sx += s.x[i], sy += s.y[i];
        out.x.push_back(float(sx / (hi - lo)));
        out.y.push_back(float(sy / (hi - lo)));
    }
    return out;
}

PlotSeries bucket_means(std::string name, const std::vector<double>& prefix, int buckets, std::uint32_t color) {
    PlotSeries out;
    out.name = std::move(name);
    out.color = color;
    const std::int64_t n = std::int64_t(prefix.size()) - 1;
    if (n <= 0 || buckets < 1) return out;
    const std::int64_t count = std::min<std::int64_t>(n, buckets);
    for (std::int64_t b = 0; b < count; ++b) {
        const std::int64_t lo = n * b / count, hi = n * (b + 1) / count; // points lo+1 … hi
        if (hi <= lo) continue;
        out.x.push_back(float(double(lo + 1 + hi) / 2));
        out.y.push_back(float((prefix[size_t(hi)] - prefix[size_t(lo)]) / double(hi - lo)));
    }
    return out;
}

} // namespace attn::ui
