// The project's mbedtls 3.6 configuration (MBEDTLS_CONFIG_FILE): the whole configuration, not
// additions to upstream's default, so that only what the device uses is compiled, as ESP-IDF
// builds mbedtls from its own configuration. A handful of options serve only the host programs
// that share this build (fwtool, devcloud, the test suite's TLS servers); they are grouped at the
// end and said so. The device links with --gc-sections, which drops code it never calls.
//
// Every option is listed with the reason it is on. Options not listed are off; the notable ones
// are named at the end of each group with the reason.
#pragma once

// ---- Platform -------------------------------------------------------------------------------

// Assembly for the bignum inner loops where the compiler supports it (x86-64 here, Xtensa and
// Arm on chips): RSA and EC arithmetic several times faster.
#define MBEDTLS_HAVE_ASM
// time(): TLS 1.3 ticket ages and TLS 1.2 session-ticket lifetimes. Certificate validity is not
// judged by mbedtls (MBEDTLS_HAVE_TIME_DATE is off): the firmware checks it against the HAL's
// clock (firmware/net x509_validity), since a device may not know the date yet.
#define MBEDTLS_HAVE_TIME
// mbedtls_platform_zeroize() and friends; the default calloc/free (the heap accounting of the
// tests counts them through the C library).
#define MBEDTLS_PLATFORM_C
// Randomness comes from mbedtls_hardware_poll(), which the platform provides (hal_posix reads
// the kernel's generator; on a chip it reads the hardware RNG, as ESP-IDF's port does), not
// from mbedtls' own reading of /dev/urandom: the firmware reaches the OS only through its HAL.
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_MIN_HARDWARE 32
// Thread-safe PSA key store and RNG: the host programs and tests run TLS peers on several
// threads. A chip build uses MBEDTLS_THREADING_ALT with RTOS mutexes instead, as ESP-IDF does.
#define MBEDTLS_THREADING_C
#define MBEDTLS_THREADING_PTHREAD
// Human-readable error texts in the logs (mbedtls_strerror) and the version string in the boot
// banner.
#define MBEDTLS_ERROR_C
#define MBEDTLS_VERSION_C
// Off: MBEDTLS_SELF_TEST (never run on the device), MBEDTLS_DEBUG_C (log size), MBEDTLS_TIMING_C
// (DTLS only), MBEDTLS_MEMORY_BUFFER_ALLOC_C (the C heap is the device heap).

// ---- Symmetric ciphers and hashes -----------------------------------------------------------

// AES: the TLS suites below, provisioning security 1 (AES-CTR) and 2 (AES-GCM), and the key
// sealing of storage.
#define MBEDTLS_AES_C
// Smaller AES tables (a quarter of the RAM/flash of the full ones) at a small speed cost.
#define MBEDTLS_AES_FEWER_TABLES
// The CPU's AES and carry-less multiply instructions where it has them (x86-64 AES-NI, chosen at
// run time; compiled to nothing on other CPUs), as ESP-IDF uses the chip's AES accelerator
// (MBEDTLS_HARDWARE_AES): bulk TLS data is not limited by table-based AES.
#define MBEDTLS_AESNI_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CIPHER_MODE_CTR  // provisioning security 1
#define MBEDTLS_GCM_C            // TLS AES-GCM suites, provisioning security 2
#define MBEDTLS_CHACHA20_C       // TLS ChaCha20-Poly1305 suites (fast without AES hardware)
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA224_C  // required by MBEDTLS_SHA256_C's implementation
#define MBEDTLS_SHA256_C  // TLS, certificates, image digests, SRP, key sealing
#define MBEDTLS_SHA384_C  // TLS_AES_256_GCM_SHA384 and certificates signed with SHA-384
#define MBEDTLS_SHA512_C  // required by MBEDTLS_SHA384_C's implementation
#define MBEDTLS_MD5_C     // the partition table's checksum (the ESP-IDF format)
#define MBEDTLS_HKDF_C    // storage key sealing; TLS 1.3 key schedule
// Off: CBC, CCM, DES, ARIA, Camellia, CMAC, RIPEMD-160, SHA-3, NULL ciphers: no suite the device
// offers uses them.

// ---- Public keys ----------------------------------------------------------------------------

#define MBEDTLS_BIGNUM_C  // RSA, EC, and SRP-6a (provisioning security 2)
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED   // device keys, ECDHE, image signatures
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED   // brokers whose CA chain uses P-384 (common public roots)
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED  // X25519: ECDHE, provisioning security 1
#define MBEDTLS_ECP_NIST_OPTIM             // faster P-256/P-384 reduction
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC  // RFC 6979 signatures: no nonce from a weak RNG
#define MBEDTLS_HMAC_DRBG_C          // ... which derive the nonce with HMAC_DRBG
#define MBEDTLS_RSA_C                // RSA server and client certificates
#define MBEDTLS_PKCS1_V15            // RSA signatures in TLS 1.2 and in certificates
#define MBEDTLS_PKCS1_V21            // RSA-PSS, which TLS 1.3 requires for RSA keys
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_GENPRIME  // RSA key generation (the host tools' test PKI)
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C  // the device's public key in its CSR
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C  // the DRBG the PSA core and the host tools draw from
// Off: DHM (finite-field DH, not offered), curves other than the three above, Ed/X448.

// ---- PSA Crypto ------------------------------------------------------------------------------

// TLS 1.3 in mbedtls 3.6 runs on the PSA Crypto API: psa_crypto_init() before a handshake.
// MBEDTLS_USE_PSA_CRYPTO stays off: TLS 1.2 and the rest keep the classic API.
#define MBEDTLS_PSA_CRYPTO_C
// Off: PSA key storage (keys live in the firmware's own stores), secure elements.

// ---- Encodings and X.509 --------------------------------------------------------------------

#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_OID_C
#define MBEDTLS_PEM_PARSE_C  // credentials are stored as PEM
#define MBEDTLS_PEM_WRITE_C  // the CSR is sent as PEM
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CSR_WRITE_C  // enrollment: the device asks for its certificate
// Off: CRL parsing (revocation is the broker's side), PKCS#5/7/12 (no encrypted key files).

// ---- TLS --------------------------------------------------------------------------------------

#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_3  // the default (config tls_max)
#define MBEDTLS_SSL_PROTO_TLS1_2  // for brokers that lack 1.3 (config tls_min)
// TLS 1.3 handshake modes: certificates with ECDHE, and resumption with a ticket's PSK, with a
// fresh ECDHE (forward secrecy) or, if the server insists, without.
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_ENABLED
// Middlebox compatibility (RFC 8446 D.4): some networks drop 1.3 handshakes without it.
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
// TLS 1.2 key exchanges: ECDHE with an ECDSA or RSA server certificate. Off: static RSA and
// (EC)DH (no forward secrecy), PSK-only, DHE (slow), EC-JPAKE.
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET  // RFC 7627, binds TLS 1.2 sessions to the handshake
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC        // RFC 7366 (harmless with AEAD-only suites)
#define MBEDTLS_SSL_SESSION_TICKETS         // resumption in 1.2 (RFC 5077) and 1.3 (tickets)
#define MBEDTLS_SSL_SERVER_NAME_INDICATION  // SNI: virtual-hosted brokers and HTTPS servers
#define MBEDTLS_SSL_ALPN                    // "mqtt" / "x-amzn-mqtt-ca" on port 443
// Smaller records from the server: max_fragment_length (1.2) and record_size_limit (1.3).
#define MBEDTLS_SSL_MAX_FRAGMENT_LENGTH
#define MBEDTLS_SSL_RECORD_SIZE_LIMIT
// The peer's certificate is kept with the session: resumption checks it is still the server's,
// and the transport reads it after the handshake.
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
// Record buffers: a server may send full 16 KiB records, so the input buffer is 16 KiB; the
// device's own records are at most 4 KiB (MQTT publishes are split by the transport).
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 4096
// Buffers shrink to what the connection negotiated after the handshake (RFC 6066 max fragment
// length / record_size_limit) instead of staying at the maximum for the connection's life.
#define MBEDTLS_SSL_VARIABLE_BUFFER_LENGTH
// Off: renegotiation (a 1.2 attack surface, unused by MQTT brokers), DTLS, early data (0-RTT data
// is replayable), connection serialization, keying-material export, debug output.

// ---- Host programs only ----------------------------------------------------------------------
// The fleet tools (devcloud, fwtool) and the test suite's TLS peers link this same build; these
// options are what they add. The device's link drops their code.

#define MBEDTLS_FS_IO             // tools read keys and certificates from files
#define MBEDTLS_NET_C             // the test suite's HTTPS server uses mbedtls' socket helpers
#define MBEDTLS_SSL_SRV_C         // the test suite's TLS servers
#define MBEDTLS_SSL_TICKET_C      // ... which issue session tickets
#define MBEDTLS_SSL_CACHE_C       // ... and keep a session-id cache (TLS 1.2 resumption)
#define MBEDTLS_X509_CSR_PARSE_C  // devcloud reads the device's CSR
#define MBEDTLS_X509_CRT_WRITE_C  // devcloud issues certificates
#define MBEDTLS_SHA1_C            // X.509 key identifiers (RFC 5280 4.2.1.2) in issued certificates
