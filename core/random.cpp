#include "random.h"

namespace attn {

namespace {
constexpr std::uint64_t kFnvOffsetBasis = 0xCBF29CE484222325ull;
constexpr std::uint64_t kFnvPrime = 0x100000001B3ull;
} // namespace

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
