// The throughput chart: messages per second by payload size for the firmware, paho-mqtt-c and the
// broker's ceiling, drawn by gnuplot (Debian's gnuplot-nox) into a PNG beside the report.
#include <array>
#include <cstdio>
#include <fstream>
#include <map>

#include "sections.h"
#include "support/process.h"

namespace bench {

bool throughput_chart(const Report& r, const std::string& png) {
    const std::string dat = png + ".dat", script = png + ".gp";
    {
        std::ofstream out(dat);
        out << "# payload_B fw_qos0 paho_qos0 ceiling_qos0 fw_qos1 paho_qos1\n";
        std::map<size_t, std::array<double, 5>> by_size;
        for (const auto& row : r.json()["throughput"]) {
            const int qos = row["qos"].get<int>();
            auto& v = by_size[row["payload_bytes"].get<size_t>()];
            if (qos == 0) {
                v[0] = row["firmware_msgs_per_s"].get<double>();
                v[1] = row["paho_msgs_per_s"].get<double>();
                v[2] = row["ceiling_msgs_per_s"].get<double>();
            } else if (qos == 1) {
                v[3] = row["firmware_msgs_per_s"].get<double>();
                v[4] = row["paho_msgs_per_s"].get<double>();
            }
        }
        for (const auto& [size, v] : by_size)
            out << size << ' ' << v[0] << ' ' << v[1] << ' ' << v[2] << ' ' << v[3] << ' ' << v[4] << '\n';
        std::ofstream gp(script);
        gp << "set terminal png size 900,560 noenhanced\n"
              "set output '"
           << png
           << "'\n"
              "set title 'Publish throughput over TLS (loopback mosquitto)'\n"
              "set xlabel 'payload (bytes)'\nset ylabel 'messages per second'\n"
              "set logscale xy\nset xtics (64, 256, 4096)\nset grid\nset key outside right\n"
              "plot '"
           << dat
           << "' using 1:4 with linespoints lw 2 title 'broker ceiling (QoS 0)', "
              "'' using 1:2 with linespoints lw 2 title 'firmware QoS 0', "
              "'' using 1:3 with linespoints lw 2 title 'paho-mqtt-c QoS 0', "
              "'' using 1:5 with linespoints dt 2 title 'firmware QoS 1', "
              "'' using 1:6 with linespoints dt 2 title 'paho-mqtt-c QoS 1'\n";
    }
    std::string out;
    if (testsupport::run_command({"/usr/bin/gnuplot", script}, &out) != 0) {
        std::fprintf(stderr, "bench: chart not drawn (gnuplot: %s)\n", out.c_str());
        return false;
    }
    return true;
}

}  // namespace bench
