#include "firmware/prov/srp6a.h"

#include <mbedtls/bignum.h>
#include <mbedtls/platform_util.h>

namespace fw::prov {
namespace {

// RFC 5054 appendix A.
constexpr SrpGroup kGroup1024{
    "EEAF0AB9ADB38DD69C33F80AFA8FC5E86072618775FF3C0B9EA2314C9C256576D674DF7496EA81D3383B4813D692C6E0E0D5D8E250B98BE4"
    "8E495C1D6089DAD15DC7D7B46154D6B6CE8EF4AD69B15D4982559B297BCF1885C529F566660E57EC68EDBC3C05726CC02FD4CBF4976EAA9A"
    "FD5138FE8376435B9FC61D2FC0EB06E3",
    2};
constexpr SrpGroup kGroup3072{
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7D"
    "B3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    5};
const SrpSuite kSec2{kGroup3072, MBEDTLS_MD_SHA512};

// An mbedtls bignum that frees (and wipes) itself.
struct Mpi {
    mbedtls_mpi v;
    Mpi() { mbedtls_mpi_init(&v); }
    ~Mpi() { mbedtls_mpi_free(&v); }
    Mpi(const Mpi&) = delete;
    Mpi& operator=(const Mpi&) = delete;
    operator mbedtls_mpi*() { return &v; }  // NOLINT: passes straight to the mbedtls calls
};

// Reads the numbers one computation needs; a nonzero mbedtls code fails the whole computation.
class Calc {
public:
    explicit Calc(const SrpGroup& g) {
        check(mbedtls_mpi_read_string(n_, 16, g.n_hex));
        check(mbedtls_mpi_lset(g_, g.g));
    }
    void check(int rc) {
        if (rc != 0) ok_ = false;
    }
    void read(Mpi& m, const Bytes& b) { check(mbedtls_mpi_read_binary(m, b.data(), b.size())); }
    // (base^e) mod N
    void exp(Mpi& out, Mpi& base, Mpi& e) { check(mbedtls_mpi_exp_mod(out, base, e, n_, rr_)); }
    void mulmod(Mpi& out, Mpi& a, Mpi& b) {
        Mpi t;
        check(mbedtls_mpi_mul_mpi(t, a, b));
        check(mbedtls_mpi_mod_mpi(out, t, n_));
    }
    bool zero_mod_n(Mpi& m) {
        Mpi r;
        check(mbedtls_mpi_mod_mpi(r, m, n_));
        return mbedtls_mpi_cmp_int(r, 0) == 0;
    }
    Result<Bytes> out(Mpi& m) {
        Bytes b(mbedtls_mpi_size(m));
        check(mbedtls_mpi_write_binary(m, b.data(), b.size()));
        if (!ok_) return Err::Io;
        return b;
    }
    bool ok() const { return ok_; }
    Mpi& n() { return n_; }
    Mpi& g() { return g_; }

private:
    Mpi n_, g_, rr_;
    bool ok_ = true;
};

Bytes n_bytes(const SrpGroup& group) {
    Calc c(group);
    auto b = c.out(c.n());
    return b.ok() ? b.value() : Bytes();
}

// Left-pads to the length of N.
Bytes pad(const Bytes& v, size_t n_len) {
    if (v.size() >= n_len) return v;
    Bytes out(n_len - v.size(), 0);
    out.insert(out.end(), v.begin(), v.end());
    return out;
}

Bytes str_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace

const SrpGroup& srp_group_1024() { return kGroup1024; }
const SrpGroup& srp_group_3072() { return kGroup3072; }
const SrpSuite& srp_suite_sec2() { return kSec2; }

size_t srp_n_len(const SrpGroup& group) { return std::char_traits<char>::length(group.n_hex) / 2; }

Bytes srp_hash(const SrpSuite& suite, std::initializer_list<const Bytes*> parts) {
    const mbedtls_md_info_t* info = mbedtls_md_info_from_type(suite.md);
    Bytes out(mbedtls_md_get_size(info));
    mbedtls_md_context_t ctx;
    mbedtls_md_init(&ctx);
    bool ok = mbedtls_md_setup(&ctx, info, 0) == 0 && mbedtls_md_starts(&ctx) == 0;
    for (const Bytes* p : parts) ok = ok && mbedtls_md_update(&ctx, p->data(), p->size()) == 0;
    ok = ok && mbedtls_md_finish(&ctx, out.data()) == 0;
    mbedtls_md_free(&ctx);
    if (!ok) out.clear();  // only for a hash mbedtls was built without: every proof then mismatches
    return out;
}

Result<Bytes> srp_k(const SrpSuite& suite) {
    Bytes n = n_bytes(suite.group);
    Bytes g = pad(Bytes{suite.group.g}, n.size());
    return srp_hash(suite, {&n, &g});
}

Bytes srp_x(const SrpSuite& suite, const Bytes& salt, const std::string& user, const std::string& pass) {
    Bytes id = str_bytes(user + ":" + pass);
    Bytes inner = srp_hash(suite, {&id});
    Bytes x = srp_hash(suite, {&salt, &inner});
    mbedtls_platform_zeroize(id.data(), id.size());
    return x;
}

Result<Bytes> srp_public_a(const SrpSuite& suite, const Bytes& a) {
    Calc c(suite.group);
    Mpi e, out;
    c.read(e, a);
    c.exp(out, c.g(), e);
    return c.out(out);
}

Result<Bytes> srp_verifier(const SrpSuite& suite, const Bytes& salt, const std::string& user, const std::string& pass) {
    Bytes x = srp_x(suite, salt, user, pass);
    auto v = srp_public_a(suite, x);
    mbedtls_platform_zeroize(x.data(), x.size());
    return v;
}

Result<Bytes> srp_public_b(const SrpSuite& suite, const Bytes& v, const Bytes& b) {
    auto k_bytes = srp_k(suite);
    if (!k_bytes.ok()) return k_bytes.err();
    Calc c(suite.group);
    Mpi k, vv, bb, kv, gb, sum, out;
    c.read(k, *k_bytes);
    c.read(vv, v);
    c.read(bb, b);
    c.mulmod(kv, k, vv);
    c.exp(gb, c.g(), bb);
    c.check(mbedtls_mpi_add_mpi(sum, kv, gb));
    c.check(mbedtls_mpi_mod_mpi(out, sum, c.n()));
    return c.out(out);
}

Result<Bytes> srp_u(const SrpSuite& suite, const Bytes& A, const Bytes& B) {
    size_t n_len = n_bytes(suite.group).size();
    Bytes pa = pad(A, n_len), pb = pad(B, n_len);
    Bytes u = srp_hash(suite, {&pa, &pb});
    bool zero = true;
    for (uint8_t byte : u) zero = zero && byte == 0;
    if (zero) return Err::VerifyFailed;
    return u;
}

Result<Bytes> srp_server_secret(const SrpSuite& suite, const Bytes& A, const Bytes& v, const Bytes& u, const Bytes& b) {
    Calc c(suite.group);
    Mpi a, vv, uu, bb, vu, avu, s;
    c.read(a, A);
    if (!c.ok() || c.zero_mod_n(a)) return Err::VerifyFailed;
    c.read(vv, v);
    c.read(uu, u);
    c.read(bb, b);
    c.exp(vu, vv, uu);
    c.mulmod(avu, a, vu);
    c.exp(s, avu, bb);
    return c.out(s);
}

Result<Bytes> srp_client_secret(const SrpSuite& suite, const Bytes& B, const Bytes& x, const Bytes& a, const Bytes& u) {
    auto k_bytes = srp_k(suite);
    if (!k_bytes.ok()) return k_bytes.err();
    Calc c(suite.group);
    Mpi bb, xx, aa, uu, k, gx, kgx, base, ux, e, s;
    c.read(bb, B);
    if (!c.ok() || c.zero_mod_n(bb)) return Err::VerifyFailed;
    c.read(xx, x);
    c.read(aa, a);
    c.read(uu, u);
    c.read(k, *k_bytes);
    c.exp(gx, c.g(), xx);
    c.mulmod(kgx, k, gx);
    // base = (B - k*g^x) mod N, kept non-negative for the exponentiation
    c.check(mbedtls_mpi_sub_mpi(base, bb, kgx));
    c.check(mbedtls_mpi_mod_mpi(base, base, c.n()));
    c.check(mbedtls_mpi_mul_mpi(ux, uu, xx));
    c.check(mbedtls_mpi_add_mpi(e, aa, ux));
    c.exp(s, base, e);
    return c.out(s);
}

Bytes srp_client_proof(const SrpSuite& suite, const std::string& user, const Bytes& salt, const Bytes& A,
                       const Bytes& B, const Bytes& K) {
    Bytes n = n_bytes(suite.group);
    Bytes g = pad(Bytes{suite.group.g}, n.size());
    Bytes hn = srp_hash(suite, {&n}), hg = srp_hash(suite, {&g});
    for (size_t i = 0; i < hn.size() && i < hg.size(); ++i) hn[i] ^= hg[i];
    Bytes id = str_bytes(user);
    Bytes hi = srp_hash(suite, {&id});
    return srp_hash(suite, {&hn, &hi, &salt, &A, &B, &K});
}

Bytes srp_server_proof(const SrpSuite& suite, const Bytes& A, const Bytes& M, const Bytes& K) {
    return srp_hash(suite, {&A, &M, &K});
}

}  // namespace fw::prov
