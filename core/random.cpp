#include "random.h"

namespace attn {

namespace {
constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull; // 2^64 / golden ratio, odd
constexpr std::uint64_t kFnvOffsetBasis = 0xCBF29CE484222325ull;
constexpr std::uint64_t kFnvPrime = 0x100000001B3ull;
} // namespace

std::uint64_t splitmix64_mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t SplitMix64::next() {
    state_ += kGoldenGamma;
    return splitmix64_mix(state_);
}

double SplitMix64::next_symmetric() {
    // 53 bits fill a double's mantissa exactly, so the conversion is exact everywhere.
    const double unit = static_cast<double>(next() >> 11) * 0x1.0p-53; // [0, 1)
    return 2.0 * unit - 1.0;
}

std::uint64_t fnv1a64(const std::string& bytes) {
    std::uint64_t hash = kFnvOffsetBasis;
    for (unsigned char byte : bytes) {
        hash ^= byte;
        hash *= kFnvPrime;
    }
    return hash;
}

std::uint64_t mix_seed(std::uint64_t hash, std::uint64_t seed) {
    // Mixing the seed first keeps seed 1 and seed 2 from giving near-identical streams.
    return hash ^ splitmix64_mix(seed);
}

} // namespace attn
