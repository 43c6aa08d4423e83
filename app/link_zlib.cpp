#include "link_zlib.h"
#include <zlib.h>

namespace attn {

namespace {
// windowBits −15: raw deflate, no zlib header or checksum, as CompressionStream('deflate-raw').
constexpr int kRawDeflate = -15;
} // namespace

bool zlib_deflate_raw(const std::string& in, std::string& out, std::string& error) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, kRawDeflate, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        error = "zlib: deflateInit2 failed";
        return false;
    }
    out.resize(deflateBound(&z, static_cast<uLong>(in.size())));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        error = "zlib: deflate failed";
        return false;
    }
    return true;
}

bool zlib_inflate_raw(const std::string& in, std::size_t limit, std::string& out, std::string& error) {
    z_stream z{};
    if (inflateInit2(&z, kRawDeflate) != Z_OK) {
        error = "zlib: inflateInit2 failed";
        return false;
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    out.clear();
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (out.size() > limit) {
            inflateEnd(&z);
            error = "more than " + std::to_string(limit >> 20) + " MB";
            return false;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break; // input ended before the stream did
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        error = rc == Z_DATA_ERROR ? "not deflate data" : "the data ends too soon";
        return false;
    }
    return true;
}

} // namespace attn
