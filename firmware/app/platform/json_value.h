#pragma once
// The app's JSON type, declared only (nlohmann/json_fwd.hpp), and a JSON value held behind a
// pointer so that a struct can carry one (a command's parameters, its result) without its header
// pulling in nlohmann/json.hpp: only the files that read or build JSON pay for parsing it.
#include <memory>

#include <nlohmann/json_fwd.hpp>

namespace fw::app {

// Insertion-ordered, so payloads keep the documented key order ({"ts":..,"temperature":..}).
using Json = nlohmann::ordered_json;

// Always holds a value (null by default); copies are deep.
class JsonValue {
public:
    JsonValue();
    JsonValue(Json v);  // NOLINT(google-explicit-constructor): a Json is a JsonValue
    JsonValue(const JsonValue& other);
    JsonValue(JsonValue&& other) noexcept;
    JsonValue& operator=(const JsonValue& other);
    JsonValue& operator=(JsonValue&& other) noexcept;
    ~JsonValue();

    const Json& operator*() const { return *v_; }
    Json& operator*() { return *v_; }
    const Json* operator->() const { return v_.get(); }
    Json* operator->() { return v_.get(); }

private:
    std::unique_ptr<Json> v_;
};

}  // namespace fw::app
