#include "safetensors.h"
#include "model_error.h"
#include "core/utf8.h"
#include <algorithm>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

namespace attn::model {

namespace {

// The format's own limit on the header (safetensors' specification: 100 MB), checked
// before the header is read, so a lying length cannot make us allocate gigabytes.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

struct DtypeFacts {
    const char* name;
    Dtype dtype;
    int bytes;
};
// Every dtype of the safetensors specification: the ones we cannot convert still get
// their sizes checked, so buffers a checkpoint carries (a BOOL mask) can be skipped.
constexpr DtypeFacts kDtypes[] = {
    {"F32", Dtype::F32, 4},    {"F16", Dtype::F16, 2},     {"BF16", Dtype::BF16, 2},  {"F64", Dtype::Other, 8},
    {"I64", Dtype::Other, 8},  {"I32", Dtype::Other, 4},   {"I16", Dtype::Other, 2},  {"I8", Dtype::Other, 1},
    {"U64", Dtype::Other, 8},  {"U32", Dtype::Other, 4},   {"U16", Dtype::Other, 2},  {"U8", Dtype::Other, 1},
    {"BOOL", Dtype::Other, 1}, {"F8_E4M3", Dtype::Other, 1}, {"F8_E5M2", Dtype::Other, 1}};

TensorInfo parse_entry(const std::string& file, const std::string& name, const nlohmann::json& entry,
                       std::uint64_t data_start, std::uint64_t data_bytes) {
    const std::string where = "tensor '" + printable_name(name) + "': ";
    if (!entry.is_object()) throw ModelError(file, where + "expected an object with dtype, shape and data_offsets");
    for (const char* key : {"dtype", "shape", "data_offsets"})
        if (!entry.contains(key)) throw ModelError(file, where + "'" + key + "' is missing");
    TensorInfo t;
    t.name = name;
    if (!entry["dtype"].is_string()) throw ModelError(file, where + "dtype must be a string");
    t.dtype_name = entry["dtype"].get<std::string>();
    int bytes = 0;
    for (const DtypeFacts& d : kDtypes)
        if (t.dtype_name == d.name) {
            t.dtype = d.dtype;
            bytes = d.bytes;
        }
    if (bytes == 0) throw ModelError(file, where + "unknown dtype '" + printable_name(t.dtype_name) + "'");

    const nlohmann::json& shape = entry["shape"];
    if (!shape.is_array()) throw ModelError(file, where + "shape must be an array of sizes");
    // Element count with overflow checks: the product must fit the file anyway.
    std::uint64_t count = 1;
    for (const nlohmann::json& d : shape) {
        if (!d.is_number_unsigned()) throw ModelError(file, where + "shape " + d.dump() + " is not a list of sizes ≥ 0");
        const std::uint64_t size = d.get<std::uint64_t>();
        if (size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            throw ModelError(file, where + "shape has an impossible size " + std::to_string(size));
        t.shape.push_back(static_cast<std::int64_t>(size));
        if (size != 0 && count > data_bytes / size)
            count = data_bytes + 1; // more elements than the file has bytes: reported below
        else
            count *= size;
    }
    const nlohmann::json& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
        throw ModelError(file, where + "data_offsets must be [begin, end]");
    const std::uint64_t begin = offsets[0].get<std::uint64_t>(), end = offsets[1].get<std::uint64_t>();
    if (begin > end) throw ModelError(file, where + "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "] end before they begin");
    if (end > data_bytes)
        throw ModelError(file, where + "data_offsets end at byte " + std::to_string(end) + " but the file has only " +
                                   std::to_string(data_bytes) + " bytes of data (truncated or corrupt file?)");
    if (count > data_bytes || count * static_cast<std::uint64_t>(bytes) != end - begin)
        throw ModelError(file, where + "shape " + shape_text(t.shape) + " of " + t.dtype_name + " needs " +
                                   (count > data_bytes ? std::string("more bytes than the file has")
                                                       : std::to_string(count * bytes) + " bytes") +
                                   " but data_offsets span " + std::to_string(end - begin));
    t.begin = data_start + begin;
    t.end = data_start + end;
    return t;
}

void require_convertible(const std::string& name, const TensorInfo& tensor) {
    if (tensor.dtype == Dtype::Other)
        throw ModelError(name, "tensor '" + tensor.name + "': dtype " + tensor.dtype_name + " is not supported (F32, F16 or BF16)");
}

void halves_to_f32(Dtype dtype, const std::uint16_t* halves, std::int64_t n, float* out) {
    if (dtype == Dtype::F16)
        for (std::int64_t i = 0; i < n; ++i) out[i] = f16_to_f32(halves[i]);
    else
        for (std::int64_t i = 0; i < n; ++i) out[i] = bf16_to_f32(halves[i]);
}

} // namespace

std::string shape_text(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::int64_t TensorInfo::elements() const {
    std::int64_t n = 1;
    for (std::int64_t d : shape) n *= d; // checked against the file size when parsed
    return n;
}

std::uint64_t safetensors_header_length(const std::string& name, const unsigned char* first_bytes, std::uint64_t file_bytes) {
    if (file_bytes < 8) throw ModelError(name, "too short to be a safetensors file (" + std::to_string(file_bytes) + " bytes)");
    std::uint64_t header_bytes = 0;
    for (int i = 7; i >= 0; --i) header_bytes = header_bytes << 8 | first_bytes[i]; // little-endian
    if (header_bytes > kMaxHeaderBytes || header_bytes > file_bytes - 8)
        throw ModelError(name, "the header claims " + std::to_string(header_bytes) + " bytes but the file has " +
                                   std::to_string(file_bytes - 8) + " after the length (truncated, or not a safetensors file?)");
    return header_bytes;
}

SafetensorsHeader parse_safetensors_header(const std::string& name, const std::string& header, std::uint64_t file_bytes) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(header);
    } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range for a number beyond double
        throw ModelError(name, std::string("the header is not valid JSON: ") + e.what());
    }
    if (!json.is_object()) throw ModelError(name, "the header must be a JSON object");
    SafetensorsHeader parsed;
    const std::uint64_t data_start = 8 + header.size(), data_bytes = file_bytes - data_start;
    for (const auto& [key, entry] : json.items()) {
        if (key == "__metadata__") {
            if (!entry.is_object()) throw ModelError(name, "__metadata__ must be an object of strings");
            for (const auto& [meta_key, value] : entry.items()) {
                if (!value.is_string()) // the format's rule; a common slip when writing one by hand
                    throw ModelError(name, "__metadata__: '" + meta_key + "' is " + value.dump() +
                                               " but the format allows only strings (write \"" + meta_key + "\": " +
                                               nlohmann::json(value.dump()).dump() + ")");
                parsed.metadata[meta_key] = value.get<std::string>();
            }
            continue;
        }
        parsed.tensors.push_back(parse_entry(name, key, entry, data_start, data_bytes));
    }
    // Overlapping tensors mean a corrupt or crafted header.
    std::vector<const TensorInfo*> by_offset;
    for (const TensorInfo& t : parsed.tensors) by_offset.push_back(&t);
    std::sort(by_offset.begin(), by_offset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    for (size_t i = 1; i < by_offset.size(); ++i)
        if (by_offset[i]->begin < by_offset[i - 1]->end && by_offset[i]->begin != by_offset[i]->end)
            throw ModelError(name, "tensor '" + printable_name(by_offset[i]->name) + "': its data overlaps tensor '" + printable_name(by_offset[i - 1]->name) + "'");
    return parsed;
}

SafetensorsHeader parse_safetensors_bytes(const std::string& name, const unsigned char* bytes, std::uint64_t size) {
    const std::uint64_t header_bytes = safetensors_header_length(name, bytes, size);
    return parse_safetensors_header(name, std::string(reinterpret_cast<const char*>(bytes) + 8, header_bytes), size);
}

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path), file_(path, std::ios::binary) {
    if (!file_) throw ModelError(path, "cannot open the file");
    file_.seekg(0, std::ios::end);
    const std::uint64_t file_bytes = static_cast<std::uint64_t>(file_.tellg());
    file_.seekg(0);
    unsigned char length_bytes[8] = {};
    if (file_bytes >= 8 && !file_.read(reinterpret_cast<char*>(length_bytes), 8))
        throw ModelError(path, "reading the header length failed");
    const std::uint64_t header_bytes = safetensors_header_length(path, length_bytes, file_bytes);
    std::string header(header_bytes, '\0');
    file_.read(header.data(), static_cast<std::streamsize>(header_bytes));
    SafetensorsHeader parsed = parse_safetensors_header(path, header, file_bytes);
    tensors_ = std::move(parsed.tensors);
    metadata_ = std::move(parsed.metadata);
}

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
    for (const TensorInfo& t : tensors_)
        if (t.name == name) return &t;
    return nullptr;
}

void SafetensorsFile::read_f32(const TensorInfo& tensor, float* out) { read_f32(tensor, 0, tensor.elements(), out); }

void SafetensorsFile::read_f32(const TensorInfo& tensor, std::int64_t first, std::int64_t count, float* out) {
    require_convertible(path_, tensor);
    const int bytes = tensor.dtype == Dtype::F32 ? 4 : 2;
    file_.clear();
    file_.seekg(static_cast<std::streamoff>(tensor.begin + static_cast<std::uint64_t>(first) * bytes));
    const auto fail = [&] { throw ModelError(path_, "tensor '" + printable_name(tensor.name) + "': reading its data failed"); };
    if (tensor.dtype == Dtype::F32) { // straight into place: both hosts (x86, wasm) are little-endian
        if (!file_.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(count) * 4)) fail();
        return;
    }
    constexpr std::int64_t kPiece = 1 << 16;
    half_buffer_.resize(static_cast<size_t>(std::min(count, kPiece)));
    for (std::int64_t done = 0; done < count; done += kPiece) {
        const std::int64_t n = std::min(kPiece, count - done);
        if (!file_.read(reinterpret_cast<char*>(half_buffer_.data()), static_cast<std::streamsize>(n) * 2)) fail();
        halves_to_f32(tensor.dtype, half_buffer_.data(), n, out + done);
    }
}

void convert_to_f32(const std::string& name, const TensorInfo& tensor, const unsigned char* file_bytes, float* out) {
    require_convertible(name, tensor);
    const unsigned char* data = file_bytes + tensor.begin;
    const std::int64_t count = tensor.elements();
    if (tensor.dtype == Dtype::F32) { // memcpy: the data need not be aligned; both hosts are little-endian
        std::memcpy(out, data, static_cast<size_t>(count) * 4);
        return;
    }
    constexpr std::int64_t kPiece = 1 << 12;
    std::uint16_t halves[kPiece];
    for (std::int64_t done = 0; done < count; done += kPiece) {
        const std::int64_t n = std::min(kPiece, count - done);
        std::memcpy(halves, data + done * 2, static_cast<size_t>(n) * 2);
        halves_to_f32(tensor.dtype, halves, n, out + done);
    }
}

float f16_to_f32(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    std::uint32_t bits;
    if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13); // infinity or NaN
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13); // rebias 15 → 127
    } else if (mantissa == 0) {
        bits = sign; // ±0
    } else { // subnormal half: mantissa · 2^-24, exact in float32
        const float value = static_cast<float>(mantissa) * 5.9604644775390625e-8f;
        std::memcpy(&bits, &value, 4);
        bits |= sign;
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

float bf16_to_f32(std::uint16_t h) {
    const std::uint32_t bits = static_cast<std::uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

} // namespace attn::model
