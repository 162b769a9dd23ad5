// The ctest fixture test_pki: make_test_pki DIR writes the tests' PKI template (support/pki.h).
#include <cstdio>
#include <string>

#include "support/pki.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_test_pki DIR\n");
        return 2;
    }
    std::string error;
    if (!testsupport::make_pki_template(argv[1], error)) {
        std::fprintf(stderr, "make_test_pki: %s\n", error.c_str());
        return 1;
    }
    std::printf("test PKI ready in %s\n", argv[1]);
    return 0;
}
