// attnviz core: two doubles at a time through GCC/Clang vector extensions — SSE2 natively,
// WebAssembly SIMD (-msimd128) under Emscripten — from one source, so both builds do the
// same IEEE operations in the same order and print the same digits. The compilers do not
// vectorise these loops by themselves: a reduction (a sum, a max) may only be reordered
// with -ffast-math, which would give up exactly that agreement.
#pragma once
#include <cstdint>
#include <cstring>

namespace attn::simd {

using f64x2 = double __attribute__((vector_size(16)));
using i64x2 = std::int64_t __attribute__((vector_size(16)));
using u64x2 = std::uint64_t __attribute__((vector_size(16))); // wraps where signed arithmetic would overflow

inline f64x2 load(const double* p) { // unaligned
    f64x2 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store(double* p, f64x2 v) { std::memcpy(p, &v, sizeof v); }
inline f64x2 splat(double x) { return f64x2{x, x}; }
// a > b ? a : b and a < b ? a : b, written in the operand order of WebAssembly's
// f64x2.pmax/pmin (one maxpd/minpd each in V8), which LLVM then emits instead of a
// compare and a bit select.
inline f64x2 max(f64x2 a, f64x2 b) { return b < a ? a : b; }
inline f64x2 min(f64x2 a, f64x2 b) { return a < b ? a : b; }
template <class To, class From> To bit_cast(From v) { // C++20's std::bit_cast
    static_assert(sizeof(To) == sizeof(From), "same size");
    To out;
    std::memcpy(&out, &v, sizeof out);
    return out;
}

} // namespace attn::simd
