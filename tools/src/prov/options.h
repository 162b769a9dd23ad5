#pragma once
// Command line of `prov`, modelled on esp_prov.py's options.
#include <string>

namespace provcli {

struct Options {
    std::string transport;     // softap | ble
    std::string service_name;  // host:port (softap) or socket path (ble)
    int sec_ver = -1;          // -1: as the device's proto-ver says
    std::string pop;
    std::string sec2_username, sec2_pwd;
    bool sec2_gen_cred = false;  // print a salt and verifier for the username and password, then exit
    int sec2_salt_len = 16;
    bool reset = false;   // prov-ctrl CtrlReset, then exit
    bool reprov = false;  // prov-ctrl CtrlReprov, then exit
    bool has_ssid = false;
    std::string ssid;
    std::string passphrase;
    bool has_custom_data = false;
    std::string custom_data;
    bool scan = false;
    int timeout_s = 30;  // waiting for the device to join
    int poll_ms = 500;   // GetStatus interval
};

// False with `err` set on a bad command line; `help` set for --help.
bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err);
extern const char* const kUsage;

}  // namespace provcli
