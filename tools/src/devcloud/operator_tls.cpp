#include "tools/src/devcloud/operator_tls.h"

#include <unistd.h>

#include <stdexcept>

namespace devcloud {

cloud::TlsFiles operator_tls(const Options& o) {
    for (const auto& [option, path] : {std::pair{"--cafile", &o.cafile}, {"--cert", &o.cert}, {"--key", &o.key}})
        if (access(path->c_str(), R_OK) != 0)
            throw std::runtime_error(std::string("cannot read ") + option + " " + *path);
    return cloud::TlsFiles{o.cafile, o.cert, o.key};
}

}  // namespace devcloud
