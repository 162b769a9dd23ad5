// Boot to first telemetry, measured by bench/boot_to_telemetry.sh (tools/bench runs it before
// fw_bench and passes the times): the device as a whole, from power-on to the platform.
#include <algorithm>

#include "sections.h"

namespace bench {

void boot_section(Report& r, const std::vector<double>& ms) {
    if (ms.empty()) return;
    Samples s;
    for (double v : ms) s.us.push_back(v * 1000);
    Table t;
    t.title = "Boot to first telemetry";
    t.columns = {"what", "median ms", "p90 ms", "min ms", "max ms", "N"};
    t.rows.push_back({"power-on to the first reading at a subscriber", fixed(s.median() / 1000, 0),
                      fixed(s.p90() / 1000, 0), fixed(*std::min_element(ms.begin(), ms.end()), 0),
                      fixed(*std::max_element(ms.begin(), ms.end()), 0), std::to_string(ms.size())});
    t.note =
        "Each a first power-on of the simulated chip from a fresh copy of one flash.bin (secure boot: the ROM "
        "loader verifies the signed bootloader, the bootloader the signed app; identity in certfs, Wi-Fi stored, "
        "generic profile, a reading every second), a blank eFuse identity, the rig's mosquitto (TLS 1.3, mutual "
        "TLS) and chronyd for SNTP on loopback. Wall time from starting the chip process to the reading's "
        "arrival at a subscriber (bench/boot_to_telemetry.sh). The device takes its readings at its interval "
        "from the app's start, the first one too, so a second of each figure is that wait: the ROM loader, "
        "the bootloader's verification, the radio's join (100 ms), SNTP, the TLS handshake and CONNECT take "
        "the rest (the device logs them with their times).";
    r.json()["boot"] = {{"median_ms", s.median() / 1000}, {"p90_ms", s.p90() / 1000}, {"runs_ms", ms}};
    r.add(std::move(t));
}

}  // namespace bench
