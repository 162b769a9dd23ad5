#include "firmware/app/enroll/enroll_step.h"

#include <nlohmann/json.hpp>

namespace fw::app {

bool echoes_client_token(const Json& answer, const EnrollState& st) {
    const std::string* token = string_member(answer, "clientToken");
    return token != nullptr && !st.client_token.empty() && *token == st.client_token;
}

void add_client_token(Json& request, const EnrollState& st) {
    if (!st.client_token.empty()) request["clientToken"] = st.client_token;
}

}  // namespace fw::app
