// attnviz core: the one error type. `field` is a JSON-pointer-like path ("projections.wq[2]")
// so that a message can name exactly what is wrong.
#pragma once
#include <stdexcept>
#include <string>

namespace attn {

class ScenarioError : public std::runtime_error {
public:
    ScenarioError(std::string field, const std::string& problem)
        : std::runtime_error(field.empty() ? problem : field + ": " + problem), field_(std::move(field)) {}
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

} // namespace attn
