#include "firmware/prov/prov_server.h"

#include "firmware/core/log.h"

namespace fw::prov {
namespace {
constexpr const char* kTag = "prov";
}

Status ProvServer::start(const std::string& service_name) {
    if (running()) return ok_status();
    hal::Status st = transport_.start(service_name, protocomm_.endpoint_names());
    if (st != hal::Status::Ok) {
        FW_LOGE(kTag, "transport start failed: %s", name_of(st));
        return from_hal(st);
    }
    poller_ = loop_.add_poller([this] { poll(); });
    FW_LOGI(kTag, "provisioning service '%s' started", service_name.c_str());
    return ok_status();
}

void ProvServer::stop() {
    if (!running()) return;
    loop_.remove_poller(poller_);
    poller_ = 0;
    transport_.stop();
    // The transport dropped every client: end their security sessions too.
    uint32_t closed;
    while (transport_.poll_closed(closed)) protocomm_.close_session(closed);
    FW_LOGI(kTag, "provisioning service stopped");
}

void ProvServer::poll() {
    hal::ProvRequest req;
    for (int i = 0; i < kMaxRequestsPerPoll && running() && transport_.poll(req) == hal::Status::Ok; ++i) {
        std::vector<uint8_t> out;
        Status st = protocomm_.handle(req.session, req.endpoint, std::move(req.body), out);
        if (!st.ok()) out.clear();
        transport_.respond(req.session, out);
    }
    uint32_t closed;
    while (running() && transport_.poll_closed(closed)) {
        protocomm_.close_session(closed);
        if (on_closed_) on_closed_(closed);
    }
}

}  // namespace fw::prov
