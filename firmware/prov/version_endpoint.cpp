#include "firmware/prov/version_endpoint.h"

#include <nlohmann/json.hpp>

namespace fw::prov {

std::string version_json(uint8_t sec_ver, bool has_pop) {
    nlohmann::json cap = nlohmann::json::array({"wifi_scan"});
    if (sec_ver == 0) cap.push_back("no_sec");
    if (sec_ver == 1 && !has_pop) cap.push_back("no_pop");
    nlohmann::json j = {{"prov", {{"ver", kProvVersion}, {"sec_ver", sec_ver}, {"cap", cap}}}};
    return j.dump();
}

Protocomm::Handler make_version_handler(uint8_t sec_ver, bool has_pop) {
    std::string text = version_json(sec_ver, has_pop);
    return [text](uint32_t, const std::vector<uint8_t>&, std::vector<uint8_t>& out) {
        out.assign(text.begin(), text.end());
        return ok_status();
    };
}

}  // namespace fw::prov
