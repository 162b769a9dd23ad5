// devcloud: a local development cloud for self-enrolling devices (see kUsage and README.md).
#include <cstdio>

#include "tools/src/devcloud/options.h"
#include "tools/src/devcloud/registry.h"
#include "tools/src/devcloud/send.h"
#include "tools/src/devcloud/serve.h"
#include "tools/src/devcloud/state_files.h"

namespace {

constexpr int kExitUsage = 2;

int list_devices(const devcloud::Options& o) {
    try {
        devcloud::Registry registry(devcloud::registry_file(o));
        auto all = registry.all();
        if (all.empty()) std::fprintf(stderr, "devcloud: no devices in %s\n", registry.path().c_str());
        for (const auto& r : all) std::printf("%s\n", devcloud::describe(r).c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "devcloud: %s\n", e.what());
        return kExitUsage;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    devcloud::Options o;
    bool help = false;
    std::string err;
    if (!devcloud::parse_options(argc, argv, o, help, err)) {
        std::fprintf(stderr, "devcloud: %s\n%s", err.c_str(), devcloud::kUsage);
        return kExitUsage;
    }
    if (help) {
        std::printf("%s", devcloud::kUsage);
        return 0;
    }
    switch (o.verb) {
        case devcloud::Verb::Serve: return devcloud::serve(o);
        case devcloud::Verb::Send: return devcloud::send(o);
        case devcloud::Verb::Devices: return list_devices(o);
    }
    return kExitUsage;
}
