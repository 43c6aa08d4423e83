// SplitMix64 and FNV-1a against their published test vectors.
#include "core/random.h"
#include <catch2/catch.hpp>

using namespace attn;

TEST_CASE("SplitMix64 matches the reference sequence for seed 0", "[random]") {
    SplitMix64 rng(0);
    CHECK(rng.next() == 0xE220A8397B1DCDAFull);
    CHECK(rng.next() == 0x6E789E6AA1B965F4ull);
    CHECK(rng.next() == 0x06C45D188009454Full);
}

TEST_CASE("next_symmetric maps the top 53 bits to -1 up to 1 exclusive", "[random]") {
    SplitMix64 rng(0);
    // (0xE220A8397B1DCDAF >> 11) · 2⁻⁵³ · 2 − 1, computed independently.
    CHECK(rng.next_symmetric() == Approx(0.7666216164272852).epsilon(1e-15));
    SplitMix64 many(123);
    for (int i = 0; i < 10000; ++i) {
        const double u = many.next_symmetric();
        REQUIRE(u >= -1.0);
        REQUIRE(u < 1.0);
    }
}

TEST_CASE("FNV-1a 64 matches the published test vectors", "[random]") {
    CHECK(fnv1a64("") == 0xCBF29CE484222325ull);
    CHECK(fnv1a64("a") == 0xAF63DC4C8601EC8Cull);
    CHECK(fnv1a64("foobar") == 0x85944171F73967E8ull);
}

TEST_CASE("mix_seed separates seeds", "[random]") {
    const std::uint64_t h = fnv1a64("cat");
    CHECK(mix_seed(h, 0) != mix_seed(h, 1));
    CHECK(mix_seed(h, 0) == (h ^ splitmix64_mix(0)));
}
