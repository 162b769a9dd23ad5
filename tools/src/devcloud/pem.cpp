#include "tools/src/devcloud/pem.h"

#include <mbedtls/base64.h>
#include <mbedtls/pem.h>

#include <vector>

namespace devcloud {
namespace {

constexpr const char* kBegin = "-----BEGIN CERTIFICATE-----\n";
constexpr const char* kEnd = "-----END CERTIFICATE-----\n";

}  // namespace

std::string der_to_pem(const unsigned char* der, size_t len) {
    std::vector<unsigned char> buf(len * 2 + 128);
    size_t olen = 0;
    if (mbedtls_pem_write_buffer(kBegin, kEnd, der, len, buf.data(), buf.size(), &olen) != 0) return "";
    return std::string(reinterpret_cast<const char*>(buf.data()), olen > 0 ? olen - 1 : 0);  // olen counts the NUL
}

std::string certificate_pem(const std::string& text) {
    if (text.find("-----BEGIN") != std::string::npos) return text;
    std::string b64;
    for (char c : text)
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') b64 += c;
    std::vector<unsigned char> der(b64.size());
    size_t len = 0;
    if (b64.empty() || mbedtls_base64_decode(der.data(), der.size(), &len,
                                             reinterpret_cast<const unsigned char*>(b64.data()), b64.size()) != 0)
        return text;
    return der_to_pem(der.data(), len);
}

}  // namespace devcloud
