#include "firmware/app/identity/x509_info.h"

#include <mbedtls/oid.h>

#include <cstring>

namespace fw::app {

std::string x509_common_name(const mbedtls_x509_name& name) {
    std::string cn;
    for (const mbedtls_x509_name* n = &name; n != nullptr; n = n->next)
        if (n->oid.p != nullptr && MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0)
            cn.assign(reinterpret_cast<const char*>(n->val.p), n->val.len);
    return cn;
}

bool same_public_key(mbedtls_pk_context& a, mbedtls_pk_context& b) {
    // mbedtls writes DER at the end of the buffer and returns its length.
    unsigned char da[1024], db[1024];  // room for an RSA-4096 key
    int la = mbedtls_pk_write_pubkey_der(&a, da, sizeof da);
    int lb = mbedtls_pk_write_pubkey_der(&b, db, sizeof db);
    return la > 0 && la == lb && std::memcmp(da + sizeof da - la, db + sizeof db - lb, static_cast<size_t>(la)) == 0;
}

std::string leaf_pem(const std::string& chain_pem) {
    constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
    size_t end = chain_pem.find(kEnd);
    if (end == std::string::npos) return chain_pem;
    return chain_pem.substr(0, end + kEnd.size()) + "\n";
}

bool parse_certs(mbedtls_x509_crt& out, const std::string& pem) {
    // A positive result counts certificates that failed while others parsed.
    return mbedtls_x509_crt_parse(&out, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1) == 0;
}

}  // namespace fw::app
