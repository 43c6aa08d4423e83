#include "positional.h"
#include <cmath>

namespace attn {

Matrix sinusoidal_encoding(int tokens, int d_model) {
    Matrix pe(tokens, d_model);
    for (int col = 0; col < d_model; ++col) {
        const int two_i = col - col % 2; // the sine/cosine pair shares one frequency
        const Scalar wavelength_factor = std::pow(10000.0, Scalar(two_i) / d_model);
        for (int pos = 0; pos < tokens; ++pos) {
            const Scalar angle = pos / wavelength_factor;
            pe(pos, col) = col % 2 == 0 ? std::sin(angle) : std::cos(angle);
        }
    }
    return pe;
}

} // namespace attn
