// fwtool: builds and inspects everything that goes into flash.bin (partition tables, app images,
// NVS and certfs images, whole flash images), in the spirit of esptool/idf.py.
#include <cstring>
#include <iostream>
#include <string>

#include "commands.h"

namespace {

const char* kUsage = R"(usage: fwtool <command> <subcommand> [options]
  partition gen CSV -o BIN [--flash-size 4M]     ESP-IDF CSV -> binary table (MD5 included)
  partition dump (BIN | --flash FLASH)           print a binary table as CSV
  image create --elf ELF --version V --project P [--secure-version N] -o IMG
  image info IMG                                 version, project, secure_version, sizes, hash OK/BAD
  image sign IMG --key KEY.pem [-o OUT]          append a secure boot v2 ECDSA P-256 signature sector
  image verify IMG [--key KEY.pem | --digest HEX]  check the signature (against a trusted key): OK/BAD
  flash build --partitions CSV --bootloader IMG [--app IMG] [--ota-1 IMG] [--boot ota_0|ota_1 [--boot-state valid|new]]
              [--nvs BIN] [--certfs BIN] [--size 4M] -o flash.bin
  flash write FLASH (--partition NAME | --offset OFF) FILE
  flash read FLASH (--partition NAME | --offset OFF --size N) -o OUT
  nvs gen CONFIG -o BIN [--size N]               CONFIG: nvs_partition_gen CSV or JSON
  nvs dump (BIN | --flash FLASH)
  certfs pack DIR -o BIN --size N
  certfs ls (BIN | --flash FLASH)
  certfs extract (BIN | --flash FLASH) NAME -o OUT
  efuse burn-key EFUSE.json --key KEY.pem        burn the key's digest: secure boot on (file made if missing)
  efuse pop EFUSE.json                           print the chip's Wi-Fi provisioning PoP (derived from its secret)
)";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    std::string cmd = argv[1];
    fwtool::Args rest(argv + 2, argv + argc);
    if (cmd == "partition") return fwtool::cmd_partition(rest);
    if (cmd == "image") return fwtool::cmd_image(rest);
    if (cmd == "flash") return fwtool::cmd_flash(rest);
    if (cmd == "nvs") return fwtool::cmd_nvs(rest);
    if (cmd == "certfs") return fwtool::cmd_certfs(rest);
    if (cmd == "efuse" && !rest.empty() && rest[0] == "pop") return fwtool::cmd_efuse_pop(rest);
    if (cmd == "efuse") return fwtool::cmd_efuse(rest);
    std::cerr << "fwtool: unknown command '" << cmd << "'\n" << kUsage;
    return 2;
}
