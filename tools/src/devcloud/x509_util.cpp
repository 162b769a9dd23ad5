#include "tools/src/devcloud/x509_util.h"

#include <mbedtls/error.h>
#include <mbedtls/oid.h>

#include <cstring>

namespace devcloud {

std::string mbedtls_error(int rc) {
    char buf[160];
    mbedtls_strerror(rc, buf, sizeof buf);
    return buf;
}

std::optional<std::string> common_name(const mbedtls_x509_name* name) {
    std::optional<std::string> cn;
    for (const mbedtls_x509_name* n = name; n != nullptr; n = n->next) {
        if (n->oid.p == nullptr || MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) != 0) continue;
        if (cn) return std::nullopt;
        cn = std::string(reinterpret_cast<const char*>(n->val.p), n->val.len);
    }
    return cn;
}

std::string dn_text(const mbedtls_x509_name* name) {
    char buf[512];
    return mbedtls_x509_dn_gets(buf, sizeof buf, name) < 0 ? std::string("(unprintable name)") : std::string(buf);
}

int parse_pem_certs(mbedtls_x509_crt* chain, const std::string& pem) {
    return mbedtls_x509_crt_parse(chain, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1);
}

}  // namespace devcloud
