// Small helpers shared by the core tests: building scenarios and comparing matrices.
#pragma once
#include "core/error.h"
#include "core/matrix.h"
#include "core/scenario.h"
#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <vector>

namespace attn::test {

inline Matrix rows(std::initializer_list<std::initializer_list<Scalar>> values) {
    Matrix m(static_cast<Eigen::Index>(values.size()), static_cast<Eigen::Index>(values.begin()->size()));
    Eigen::Index r = 0;
    for (const auto& row : values) {
        Eigen::Index c = 0;
        for (Scalar v : row) m(r, c++) = v;
        ++r;
    }
    return m;
}

// Every entry within `tolerance` (absolute); on failure Catch prints both matrices.
inline void require_near(const Matrix& actual, const Matrix& expected, Scalar tolerance = 1e-12) {
    INFO("actual:\n" << actual << "\nexpected:\n" << expected);
    REQUIRE(actual.rows() == expected.rows());
    REQUIRE(actual.cols() == expected.cols());
    REQUIRE(((actual - expected).array().abs() <= tolerance).all());
}

// What `action` throws as an Error: its message, or "accepted" when it does not throw.
template <class Error = ScenarioError, class Action> std::string error_message(Action&& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return "accepted";
}

// The field a ScenarioError names, or "" when `action` does not throw.
template <class Action> std::string error_field(Action&& action) {
    try {
        action();
    } catch (const ScenarioError& e) {
        return e.field();
    }
    return "";
}

// A scenario with explicit embeddings, one token name per row ("t0", "t1", …).
inline Scenario explicit_scenario(const Matrix& embeddings) {
    Scenario s;
    for (Eigen::Index i = 0; i < embeddings.rows(); ++i) s.tokens.push_back("t" + std::to_string(i));
    s.embedding_source = EmbeddingSource::Explicit;
    s.embeddings = embeddings;
    return s;
}

} // namespace attn::test
