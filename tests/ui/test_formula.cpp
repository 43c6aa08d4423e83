// The tooltips a learner reads, checked against the classic example worked by hand:
// x₁ = [1,0,1], x₂ = [0,1,0], x₃ = [1,1,1], identity projections, no scaling.
// Row 1 scores: x₁·x₁ = 2, x₁·x₂ = 0, x₁·x₃ = 2, so w₁₃ = e²/(e² + e⁰ + e²) = 0.46831.
#include "formula.h"
#include "core/result.h"
#include "core/scenario_json.h"
#include <catch2/catch.hpp>

using namespace attn::ui;

namespace {
std::shared_ptr<const attn::Result> classic() {
    return attn::compute(attn::scenario_from_string(
        R"({"tokens": ["x₁", "x₂", "x₃"], "embeddings": [[1,0,1],[0,1,0],[1,1,1]], "projections": "identity", "scale": false})"));
}
} // namespace

TEST_CASE("numbers are formatted as a learner reads them", "[formula]") {
    CHECK(format_number(0.468311) == "0.468");
    CHECK(format_number(-0.0001) == "0.000"); // never "-0.000"
    CHECK(format_number(-1.5, 2) == "−1.50");
    CHECK(subscript(13) == "₁₃");
    CHECK(index_pair(1, 3) == "₁₃");
    CHECK(index_pair(12, 3) == "₁₂,₃");
}

TEST_CASE("score, weight and output tooltips show the hand-worked arithmetic", "[formula]") {
    const auto r = classic();
    CHECK(score_formula(*r, 0, 0, 2) == "s₁₃ = q₁·k₃ = 1.000·1.000 + 0.000·1.000 + 1.000·1.000 = 2.000");
    CHECK(weight_formula(*r, 0, 0, 2) == "w₁₃ = e² / (e² + e⁰ + e²) = 0.468");
    CHECK(weight_formula(*r, 0, 0, 1) == "w₁₂ = e⁰ / (e² + e⁰ + e²) = 0.063");
    // o₁ = 0.468·[1,0,1] + 0.063·[0,1,0] + 0.468·[1,1,1] = [0.937, 0.532, 0.937]
    CHECK(head_output_formula(*r, 0, 0, 1) == "o₁₂ = Σⱼ w₁ⱼ·vⱼ₂ = 0.468·0.000 + 0.063·1.000 + 0.468·1.000 = 0.532");
    CHECK(logit_formula(*r, 0, 0, 2) == "l₁₃ = s₁₃ = 2.000 (no scaling, τ = 1)");
}

TEST_CASE("a small weight shows two significant digits, not 0.000", "[formula]") {
    // Row 1 scores: 3·3 = 9 and 0, so w₁₂ = e⁰ / (e⁹ + e⁰) = 1 / 8104.08 = 0.000123.
    const auto r = attn::compute(attn::scenario_from_string(
        R"({"tokens": ["a", "b"], "embeddings": [[3,0],[0,1]], "projections": "identity", "scale": false})"));
    CHECK(weight_formula(*r, 0, 0, 1) == "w₁₂ = e⁰ / (e⁹ + e⁰) = 0.00012");
    CHECK(weight_formula(*r, 0, 0, 0) == "w₁₁ = e⁹ / (e⁹ + e⁰) = 1.000");
    // Row 2 scores: 0 and 1: w₂₁ = 1 / (1 + e) = 0.269, three decimals as before.
    CHECK(weight_formula(*r, 0, 1, 0) == "w₂₁ = e⁰ / (e⁰ + e¹) = 0.269");
}

TEST_CASE("scaled, tempered and masked logits explain themselves", "[formula]") {
    const auto r = attn::compute(attn::scenario_from_string(
        R"({"tokens": ["a", "b"], "embeddings": [[1,0,1,1],[0,1,0,1]], "projections": "identity",
            "scale": true, "temperature": 2, "mask": "causal"})"));
    // s₁₁ = 1+0+1+1 = 3; l₁₁ = 3 / √4 / 2 = 0.75
    CHECK(logit_formula(*r, 0, 0, 0) == "l₁₁ = s₁₁ / √d_k / τ = 3.000 / √4 / 2.00 = 0.750");
    CHECK(logit_formula(*r, 0, 0, 1).find("masked") != std::string::npos);
    CHECK(weight_formula(*r, 0, 0, 1) == "w₁₂ = 0: masked");
    // Row 1 has one open key, so its weight is e^0.75 / e^0.75 = 1.
    CHECK(weight_formula(*r, 0, 0, 0) == "w₁₁ = e^0.750 / (e^0.750) = 1.000");
}

TEST_CASE("in Chinese the formulas keep their symbols and numbers; only the words change", "[formula][i18n]") {
    const auto r = classic();
    CHECK(logit_formula(*r, 0, 0, 2, "zh") == "l₁₃ = s₁₃ = 2.000（不缩放，τ = 1）");
    CHECK(weight_formula(*r, 0, 0, 2, "zh") == weight_formula(*r, 0, 0, 2)); // no words: the same in every language
    // H₁ = −Σ w ln w over (0.468, 0.063, 0.468) = 0.885 nats; uniform over 3 tokens: ln 3 = 1.099.
    CHECK(entropy_formula(*r, 0, 0) == "H₁ = −Σⱼ w₁ⱼ ln w₁ⱼ = 0.885 nats (uniform over 3 tokens: 1.099)");
    CHECK(entropy_formula(*r, 0, 0, "zh") == "H₁ = −Σⱼ w₁ⱼ ln w₁ⱼ = 0.885 奈特（3 个词元均匀分布时为 1.099）");
    const auto causal = attn::compute(attn::scenario_from_string(
        R"({"tokens": ["a", "b"], "embeddings": [[1,0],[0,1]], "projections": "identity", "mask": "causal"})"));
    CHECK(weight_formula(*causal, 0, 0, 1, "zh") == "w₁₂ = 0: 被掩码");
    CHECK(logit_formula(*causal, 0, 0, 1, "zh") == "l₁₂ = −∞: 被掩码，所以词元 1 不能关注词元 2（其权重变为 0）");
}
