#pragma once
// Small C++ helpers around protobuf-c: owning pointers for unpacked messages and packing into a
// byte vector. protobuf-c allocates with malloc and reports errors by returning null.
#include <protobuf-c/protobuf-c.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace fw::prov {

struct PbFree {
    void operator()(void* m) const { protobuf_c_message_free_unpacked(static_cast<ProtobufCMessage*>(m), nullptr); }
};
template <class T>
using PbPtr = std::unique_ptr<T, PbFree>;

// Decodes `len` bytes as message T (described by `desc`); null for malformed input.
template <class T>
PbPtr<T> pb_unpack(const ProtobufCMessageDescriptor& desc, const uint8_t* data, size_t len) {
    return PbPtr<T>(reinterpret_cast<T*>(protobuf_c_message_unpack(&desc, nullptr, len, data)));
}
template <class T>
PbPtr<T> pb_unpack(const ProtobufCMessageDescriptor& desc, const std::vector<uint8_t>& in) {
    return pb_unpack<T>(desc, in.data(), in.size());
}

inline std::vector<uint8_t> pb_pack(const ProtobufCMessage* m) {
    std::vector<uint8_t> out(protobuf_c_message_get_packed_size(m));
    protobuf_c_message_pack(m, out.data());
    return out;
}

// A bytes field viewing caller-owned memory (protobuf-c only reads it while packing).
inline ProtobufCBinaryData pb_bytes(const void* p, size_t len) {
    return ProtobufCBinaryData{len, static_cast<uint8_t*>(const_cast<void*>(p))};
}
inline ProtobufCBinaryData pb_bytes(const std::string& s) { return pb_bytes(s.data(), s.size()); }
// The oneof sub-message `sub` when the request carries it (`present`), else `fallback` (a default
// one). ESP-IDF's clients leave empty sub-messages unset (esp_prov's ApplyConfig is just `08 04`)
// and its device code dispatches on the message type alone, so a command never requires one.
template <class T>
const T& pb_sub_or(bool present, const T* sub, const T& fallback) {
    return present && sub != nullptr ? *sub : fallback;
}
// An enum field of an unpacked message, as the number that came on the wire. protobuf-c stores
// whatever int32 arrived (proto3 enums are open), which may lie outside the C enum's range, and
// reading such a value through the enum type is undefined behaviour.
template <class E>
int32_t pb_enum(const E& field) {
    static_assert(sizeof(E) == sizeof(int32_t));
    int32_t v;
    std::memcpy(&v, &field, sizeof v);
    return v;
}

inline std::string pb_string(const ProtobufCBinaryData& b) {
    return b.len == 0 ? std::string() : std::string(reinterpret_cast<const char*>(b.data), b.len);
}

}  // namespace fw::prov
