// The float32 kernels (core/model/kernels.h) against double-precision computations done
// here, on shapes that exercise the 6×8 tiles' edges and the one-row paths.
#include "core/model/kernels.h"
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

namespace {

namespace k = attn::model::kernels;

std::vector<float> random_values(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> v(n);
    for (float& x : v) x = normal(rng);
    return v;
}

} // namespace

TEST_CASE("fast_exp is accurate to float32 rounding", "[model][kernels]") {
    double worst = 0;
    for (float x = -87.0f; x <= 88.0f; x += 0.0137f) {
        const double exact = std::exp(static_cast<double>(x));
        worst = std::max(worst, std::abs(k::fast_exp(x) - exact) / exact);
    }
    CHECK(worst < 2.5e-7); // two units in the last place of a float
    CHECK(k::fast_exp(0.0f) == 1.0f);
    CHECK(k::fast_exp(-1000.0f) < 1.2e-38f); // the softmax of a −∞ score stays ~0
}

TEST_CASE("Products, with strides and edges, match a double computation", "[model][kernels]") {
    for (const auto [m, n, kk] : {std::array<int, 3>{1, 5, 3}, {2, 17, 9}, {7, 13, 300}, {13, 8, 64}, {6, 16, 1}}) {
        const int lda = kk + 3, ldb = n + 2, ldc = n + 1; // strided views, as heads in a fused QKV
        const std::vector<float> a = random_values(static_cast<size_t>(m * lda), 1), b = random_values(static_cast<size_t>(kk * ldb), 2);
        const std::vector<float> bias = random_values(static_cast<size_t>(n), 3);
        std::vector<float> c(static_cast<size_t>(m * ldc), 0.25f);
        k::matmul(a.data(), lda, b.data(), ldb, c.data(), ldc, m, n, kk, bias.data(), true);
        // B read as [n × kk] for A·Bᵀ
        const std::vector<float> bt = random_values(static_cast<size_t>(n * (kk + 1)), 4);
        std::vector<float> s(static_cast<size_t>(m * ldc), 9.0f);
        k::matmul_abt(a.data(), lda, bt.data(), kk + 1, s.data(), ldc, m, n, kk, 0.125f);
        for (int i = 0; i < m; ++i)
            for (int j = 0; j < n; ++j) {
                double expected = 0.25 + bias[static_cast<size_t>(j)], scores = 0;
                for (int p = 0; p < kk; ++p) {
                    expected += static_cast<double>(a[static_cast<size_t>(i * lda + p)]) * b[static_cast<size_t>(p * ldb + j)];
                    scores += static_cast<double>(a[static_cast<size_t>(i * lda + p)]) * bt[static_cast<size_t>(j * (kk + 1) + p)];
                }
                INFO("m " << m << " n " << n << " k " << kk << " at " << i << "," << j);
                CHECK(c[static_cast<size_t>(i * ldc + j)] == Approx(expected).margin(1e-4));
                CHECK(s[static_cast<size_t>(i * ldc + j)] == Approx(0.125 * scores).margin(1e-5));
            }
    }
}

TEST_CASE("softmax and gelu_new match double formulas", "[model][kernels]") {
    std::vector<float> x = random_values(37, 5);
    for (float& v : x) v *= 6;
    std::vector<float> p = x, g = x;
    k::softmax(p.data(), static_cast<int>(p.size()));
    k::gelu_new(g.data(), static_cast<int>(g.size()));
    double max = -1e30, sum = 0;
    for (float v : x) max = std::max(max, static_cast<double>(v));
    for (float v : x) sum += std::exp(v - max);
    for (size_t i = 0; i < x.size(); ++i) {
        const double v = x[i];
        CHECK(p[i] == Approx(std::exp(v - max) / sum).margin(1e-7));
        CHECK(g[i] == Approx(0.5 * v * (1 + std::tanh(std::sqrt(2 / 3.14159265358979323846) * (v + 0.044715 * v * v * v)))).margin(2e-6));
    }
}

TEST_CASE("attention_head matches softmax(QKᵀ·scale)·V in double, across query blocks", "[model][kernels]") {
    const int t = k::kAttentionBlock + 7, d = 12; // two blocks of queries, the second partial
    const std::vector<float> q = random_values(static_cast<size_t>(t * d), 6), kk = random_values(q.size(), 7),
                             v = random_values(q.size(), 8);
    std::vector<float> out(q.size()), scratch(static_cast<size_t>(k::kAttentionBlock * t));
    k::attention_head(q.data(), kk.data(), v.data(), t, d, 0.3f, scratch.data(), out.data());
    for (int i = 0; i < t; ++i) {
        std::vector<double> s(static_cast<size_t>(t));
        double max = -1e30, sum = 0;
        for (int j = 0; j < t; ++j) {
            for (int p = 0; p < d; ++p) s[static_cast<size_t>(j)] += 0.3 * q[static_cast<size_t>(i * d + p)] * kk[static_cast<size_t>(j * d + p)];
            max = std::max(max, s[static_cast<size_t>(j)]);
        }
        for (double& x : s) sum += (x = std::exp(x - max));
        for (int p = 0; p < d; ++p) {
            double expected = 0;
            for (int j = 0; j < t; ++j) expected += s[static_cast<size_t>(j)] / sum * v[static_cast<size_t>(j * d + p)];
            CHECK(out[static_cast<size_t>(i * d + p)] == Approx(expected).margin(1e-5));
        }
    }
}
