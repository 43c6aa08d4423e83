// attnviz core: the deterministic, platform-independent random numbers behind seeded
// embeddings and projections. Integer arithmetic only, so every platform (native, wasm)
// draws exactly the same values; the formats are documented in docs/scenario-format.md.
#pragma once
#include <cstdint>
#include <string>

namespace attn {

// SplitMix64 (Steele, Lea & Flood 2014; Vigna's public-domain reference code).
// Defined here so that the draw loops (T×d_model of them on every edit) inline them.
inline std::uint64_t splitmix64_mix(std::uint64_t z) { // SplitMix64's output function
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() { // the next 64-bit output
        state_ += 0x9E3779B97F4A7C15ull; // 2^64 / golden ratio, odd
        return splitmix64_mix(state_);
    }
    double next_symmetric() { // uniform in [-1, 1), from the top 53 bits of next()
        // 53 bits fill a double's mantissa exactly, so the conversion is exact everywhere.
        const double unit = static_cast<double>(next() >> 11) * 0x1.0p-53; // [0, 1)
        return 2.0 * unit - 1.0;
    }

private:
    std::uint64_t state_;
};

std::uint64_t fnv1a64(const std::string& bytes);              // FNV-1a, 64-bit
std::uint64_t mix_seed(std::uint64_t hash, std::uint64_t seed); // hash ^ splitmix64_mix(seed)

} // namespace attn
