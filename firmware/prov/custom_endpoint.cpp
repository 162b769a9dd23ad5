#include "firmware/prov/internal/custom_endpoint.h"

#include "firmware/core/log.h"

namespace fw::prov {

Protocomm::Handler make_custom_handler(std::function<void(const std::string&)> on_data) {
    return
        [on_data = std::move(on_data)](uint32_t, const std::vector<uint8_t>& in, std::vector<uint8_t>& out) -> Status {
            if (in.size() > kMaxCustomData) {
                FW_LOGW(kCustomEndpoint, "%zu bytes refused (max %zu)", in.size(), kMaxCustomData);
                return Err::TooLarge;
            }
            on_data(std::string(in.begin(), in.end()));
            static constexpr char kOk[] = "SUCCESS";
            out.assign(kOk, kOk + sizeof kOk - 1);
            return ok_status();
        };
}

}  // namespace fw::prov
