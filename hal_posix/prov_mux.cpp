#include "hal_posix/prov_mux.h"

namespace hal_posix {

hal::Status ProvMux::start(const std::string& service_name, const std::vector<std::string>& endpoints) {
    for (size_t i = 0; i < parts_.size(); ++i) {
        hal::Status st = parts_[i]->start(service_name, endpoints);
        if (st == hal::Status::Ok) continue;
        for (size_t j = 0; j < i; ++j) parts_[j]->stop();
        return st;
    }
    return hal::Status::Ok;
}

void ProvMux::stop() {
    for (auto* p : parts_) p->stop();
}

hal::Status ProvMux::poll(hal::ProvRequest& req) {
    for (size_t k = 0; k < parts_.size(); ++k) {
        size_t i = (next_ + k) % parts_.size();
        if (parts_[i]->poll(req) != hal::Status::Ok) continue;
        req.session = tag(i, req.session);
        next_ = (i + 1) % parts_.size();
        return hal::Status::Ok;
    }
    return hal::Status::WouldBlock;
}

hal::Status ProvMux::respond(uint32_t session, const std::vector<uint8_t>& body) {
    if (parts_.empty()) return hal::Status::NotFound;
    return parts_[session % parts_.size()]->respond(session / static_cast<uint32_t>(parts_.size()), body);
}

bool ProvMux::poll_closed(uint32_t& session) {
    for (size_t i = 0; i < parts_.size(); ++i) {
        uint32_t s;
        if (parts_[i]->poll_closed(s)) {
            session = tag(i, s);
            return true;
        }
    }
    return false;
}

}  // namespace hal_posix
