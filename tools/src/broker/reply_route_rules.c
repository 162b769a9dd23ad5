#include "tools/src/broker/reply_route.h"

#include <string.h>

bool reply_route_client_ok(const char* client_id) {
    return client_id != NULL && client_id[0] != '\0' && strpbrk(client_id, "/+#") == NULL;
}

size_t reply_route_split(const char* topic, const char** inner) {
    const size_t prefix = sizeof REPLY_ROUTE_PREFIX - 1;
    if (topic == NULL || strncmp(topic, REPLY_ROUTE_PREFIX, prefix) != 0) return 0;
    const char* client = topic + prefix;
    const char* slash = strchr(client, '/');
    if (slash == NULL || slash == client || slash[1] == '\0') return 0;
    if (memchr(client, '+', (size_t)(slash - client)) != NULL || memchr(client, '#', (size_t)(slash - client)) != NULL)
        return 0;
    *inner = slash + 1;
    return (size_t)(slash - client);
}
