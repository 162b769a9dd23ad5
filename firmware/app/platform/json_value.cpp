#include "firmware/app/platform/json_value.h"

#include <utility>

#include <nlohmann/json.hpp>

namespace fw::app {

JsonValue::JsonValue() : v_(std::make_unique<Json>()) {}
JsonValue::JsonValue(Json v) : v_(std::make_unique<Json>(std::move(v))) {}
JsonValue::JsonValue(const JsonValue& other) : v_(std::make_unique<Json>(*other.v_)) {}
// The moved-from value keeps its own (now null) Json: every JsonValue can be dereferenced.
JsonValue::JsonValue(JsonValue&& other) noexcept : v_(std::make_unique<Json>(std::move(*other.v_))) {}

JsonValue& JsonValue::operator=(const JsonValue& other) {
    if (this != &other) *v_ = *other.v_;
    return *this;
}

JsonValue& JsonValue::operator=(JsonValue&& other) noexcept {
    std::swap(v_, other.v_);
    return *this;
}

JsonValue::~JsonValue() = default;

}  // namespace fw::app
