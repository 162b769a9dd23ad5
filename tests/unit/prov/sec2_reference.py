#!/usr/bin/env python3
"""Security 2 reference values, computed independently of the firmware with the Python standard
library only: SRP6a over RFC 5054's 3072-bit group with SHA-512, with ESP-IDF's byte conventions
(numbers big-endian without leading zeros; PAD() to the length of N for k and u; K = H(S);
M = H(H(N) xor H(PAD(g)) | H(I) | s | A | B | K); the device proof H(A | M | K)).

sec2_vectors_test.cpp holds the output for the inputs below; run this script to regenerate it."""
import hashlib

N = int(
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B'
    '302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6'
    '49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D'
    '670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718'
    '3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7D'
    'B3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C'
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF', 16)
G = 5
N_LEN = (N.bit_length() + 7) // 8

USER = 'wifiprov'
PASSWORD = 'abcd1234'
SALT = bytes.fromhex('8a3f0c5e71d29b4406e8c17f53a2b9d0')
A_PRIV = bytes.fromhex('c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc')
B_PRIV = bytes.fromhex('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')


def raw(n: int) -> bytes:
    return n.to_bytes((n.bit_length() + 7) // 8, 'big')


def h(*parts: bytes) -> bytes:
    return hashlib.sha512(b''.join(parts)).digest()


def pad(b: bytes) -> bytes:
    return bytes(N_LEN - len(b)) + b


def main() -> None:
    k = int.from_bytes(h(raw(N), pad(raw(G))), 'big')
    x = int.from_bytes(h(SALT, h(f'{USER}:{PASSWORD}'.encode())), 'big')
    v = pow(G, x, N)
    a = int.from_bytes(A_PRIV, 'big')
    b = int.from_bytes(B_PRIV, 'big')
    A = pow(G, a, N)
    B = (k * v + pow(G, b, N)) % N
    u = int.from_bytes(h(pad(raw(A)), pad(raw(B))), 'big')
    s_client = pow((B - k * pow(G, x, N)) % N, a + u * x, N)
    s_server = pow(A * pow(v, u, N) % N, b, N)
    assert s_client == s_server
    K = h(raw(s_server))
    hn, hg = h(raw(N)), h(pad(raw(G)))
    M = h(bytes(i ^ j for i, j in zip(hn, hg)), h(USER.encode()), SALT, raw(A), raw(B), K)
    HAMK = h(raw(A), M, K)
    for name, value in [('verifier', raw(v)), ('A', raw(A)), ('B', raw(B)), ('K', K), ('M', M),
                        ('device_proof', HAMK)]:
        print(f'{name} {value.hex()}')


if __name__ == '__main__':
    main()
