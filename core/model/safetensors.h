// attnviz core: the safetensors format (Hugging Face): an 8-byte little-endian header
// length, a JSON header mapping each tensor name to {dtype, shape, data_offsets} (offsets
// relative to the end of the header) and an optional "__metadata__", then the raw
// little-endian data. Plain data, so, unlike pickled checkpoints, reading one runs no code.
//
// The header is checked whole before any tensor is read or allocated: every tensor's
// offsets lie inside the file, its byte count matches its dtype and shape, no two overlap.
#pragma once
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace attn::model {

enum class Dtype { F32, F16, BF16, Other }; // Other: a valid safetensors dtype we cannot convert

struct TensorInfo {
    std::string name;
    std::string dtype_name;       // as the header spells it ("F16")
    Dtype dtype = Dtype::Other;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;      // absolute file offsets of the data, [begin, end)
    std::uint64_t end = 0;
    std::int64_t elements() const; // product of the shape (1 for a scalar)
};

class SafetensorsFile {
public:
    // Opens the file and checks the header; throws ModelError naming the file and tensor.
    explicit SafetensorsFile(const std::string& path);

    const std::string& path() const { return path_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* find(const std::string& name) const; // nullptr when absent

    // The tensor converted to float32 into out[0 .. elements()). F32, F16 and BF16 only.
    void read_f32(const TensorInfo& tensor, float* out);
    // The same in pieces of at most `count` elements starting at element `first`.
    void read_f32(const TensorInfo& tensor, std::int64_t first, std::int64_t count, float* out);

private:
    std::string path_;
    std::ifstream file_;
    std::vector<TensorInfo> tensors_;
    std::vector<std::uint16_t> half_buffer_; // F16/BF16 staging, reused
};

std::string shape_text(const std::vector<std::int64_t>& shape); // "[768, 2304]", for messages
float f16_to_f32(std::uint16_t h);  // IEEE half, with subnormals, infinities and NaN
float bf16_to_f32(std::uint16_t h); // the top 16 bits of a float32

} // namespace attn::model
