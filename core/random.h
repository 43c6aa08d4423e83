// attnviz core: the deterministic, platform-independent random numbers behind seeded
// embeddings and projections. Integer arithmetic only, so every platform (native, wasm)
// draws exactly the same values; the formats are documented in docs/scenario-format.md.
#pragma once
#include <cstdint>
#include <string>

namespace attn {

// SplitMix64 (Steele, Lea & Flood 2014; Vigna's public-domain reference code).
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();         // the next 64-bit output
    double next_symmetric();      // uniform in [-1, 1), from the top 53 bits of next()

private:
    std::uint64_t state_;
};

std::uint64_t splitmix64_mix(std::uint64_t z);                // SplitMix64's output function
std::uint64_t fnv1a64(const std::string& bytes);              // FNV-1a, 64-bit
std::uint64_t mix_seed(std::uint64_t hash, std::uint64_t seed); // hash ^ splitmix64_mix(seed)

} // namespace attn
