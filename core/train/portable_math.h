// attnviz training: exp, log, log1p, sin and cos built from + − × ÷ alone (which IEEE 754
// rounds identically everywhere). The C libraries differ in the last bit: glibc picks an
// FMA variant of exp on x86-64, Emscripten's musl does not. Over thousands of training
// steps such bits decide whether native and WebAssembly runs print the same numbers;
// with these they do. Accurate to a few units in the last place — plenty for training.
#pragma once

namespace attn::train {

double portable_exp(double x);
double portable_log(double x);   // NaN below 0, −∞ at 0
double portable_log1p(double x); // log(1 + x), accurate for tiny x
double portable_sin(double x);   // for |x| up to about 1e6
double portable_cos(double x);

} // namespace attn::train
