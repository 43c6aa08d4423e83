// attnviz core: the error for a model folder's files (vocab.json, merges.txt, config.json,
// model.safetensors). The message names the file first, then the key, line or tensor.
#pragma once
#include <stdexcept>
#include <string>

namespace attn::model {

class ModelError : public std::runtime_error {
public:
    ModelError(std::string file, const std::string& problem)
        : std::runtime_error(file.empty() ? problem : file + ": " + problem), file_(std::move(file)) {}
    const std::string& file() const { return file_; }

private:
    std::string file_;
};

} // namespace attn::model
