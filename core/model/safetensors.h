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
#include <map>
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
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const TensorInfo* find(const std::string& name) const; // nullptr when absent

    // The tensor converted to float32 into out[0 .. elements()). F32, F16 and BF16 only.
    void read_f32(const TensorInfo& tensor, float* out);
    // The same in pieces of at most `count` elements starting at element `first`.
    void read_f32(const TensorInfo& tensor, std::int64_t first, std::int64_t count, float* out);

private:
    std::string path_;
    std::ifstream file_;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::string> metadata_;
    std::vector<std::uint16_t> half_buffer_; // F16/BF16 staging, reused
};

// A header checked whole, from a file on disk or in memory. `name` prefixes messages.
struct SafetensorsHeader {
    std::vector<TensorInfo> tensors;            // offsets absolute in the file
    std::map<std::string, std::string> metadata; // "__metadata__": strings only, as the format says
};
// The length in the first 8 bytes, checked against the file's size and the format's limit.
std::uint64_t safetensors_header_length(const std::string& name, const unsigned char* first_bytes, std::uint64_t file_bytes);
// The header's JSON text (the bytes after the length) of a file of `file_bytes` bytes.
SafetensorsHeader parse_safetensors_header(const std::string& name, const std::string& header, std::uint64_t file_bytes);
// A whole file held in memory (a file dropped on the page): both of the above.
SafetensorsHeader parse_safetensors_bytes(const std::string& name, const unsigned char* bytes, std::uint64_t size);
// One tensor of a file held in memory, converted to float32 into out[0 .. elements()).
void convert_to_f32(const std::string& name, const TensorInfo& tensor, const unsigned char* file_bytes, float* out);

std::string shape_text(const std::vector<std::int64_t>& shape); // "[768, 2304]", for messages
float f16_to_f32(std::uint16_t h);  // IEEE half, with subnormals, infinities and NaN
float bf16_to_f32(std::uint16_t h); // the top 16 bits of a float32

} // namespace attn::model
