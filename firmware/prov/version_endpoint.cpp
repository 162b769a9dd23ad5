#include "firmware/prov/internal/version_endpoint.h"

#include <nlohmann/json.hpp>

#include "firmware/prov/security2.h"

namespace fw::prov {

std::string version_json(uint8_t sec_ver, bool has_pop) {
    nlohmann::ordered_json cap = nlohmann::ordered_json::array();
    if (sec_ver == 0) cap.push_back("no_sec");
    if (sec_ver == 1 && !has_pop) cap.push_back("no_pop");
    cap.push_back("wifi_scan");
    nlohmann::ordered_json prov;
    prov["ver"] = kProvVersion;
    prov["sec_ver"] = sec_ver;
    prov["sec_patch_ver"] = sec_ver == 2 ? Security2::kPatchVersion : 0;
    prov["cap"] = cap;
    nlohmann::ordered_json j;
    j["prov"] = prov;
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
