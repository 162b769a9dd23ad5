#pragma once
// Security 0: no encryption. The handshake only confirms the scheme; like ESP-IDF, secured
// endpoints work with or without it, and any number of clients may talk at once.
#include "firmware/prov/security.h"

namespace fw::prov {

class Security0 : public Security {
public:
    Status handle_session(uint32_t session, const std::vector<uint8_t>& req, std::vector<uint8_t>& resp) override;
    bool ready(uint32_t) const override { return true; }
    Status decrypt(uint32_t, std::vector<uint8_t>&) override { return ok_status(); }
    void encrypt(uint32_t, std::vector<uint8_t>&) override {}
    void close(uint32_t) override {}
};

}  // namespace fw::prov
