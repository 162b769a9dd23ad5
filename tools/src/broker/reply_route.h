#ifndef TOOLS_SRC_BROKER_REPLY_ROUTE_H
#define TOOLS_SRC_BROKER_REPLY_ROUTE_H
/* Answers that reach only the client that asked, on a mosquitto broker: the reply_route plugin.
 *
 * AWS IoT's fleet provisioning and ThingsBoard's device provisioning answer on topics every
 * enrolling device subscribes to ($aws/certificates/create-from-csr/json/accepted,
 * /provision/response); the platform delivers each answer to the requesting connection only. A
 * plain broker delivers it to every enrolling device, so n devices enrolling at once cost n^2
 * deliveries (of a certificate each), which collapses a fleet's enrollment. With the plugin:
 *   - a request that client C publishes on one of the request topics T reaches the responder
 *     (the enrollment service) as REPLY_ROUTE_PREFIX C "/" T, and nobody receives T itself;
 *   - what the responder publishes on REPLY_ROUTE_PREFIX C "/" A is delivered to client C alone,
 *     on topic A, and to nobody else.
 * Devices are unchanged: they publish and subscribe to the platform's own topics. A client id
 * that cannot be a topic level (empty, or with '/', '+' or '#') is not routed. */
#include <stdbool.h>
#include <stddef.h>

#define REPLY_ROUTE_PREFIX "iotfw-route/"

#ifdef __cplusplus
extern "C" {
#endif

/* The length of the client level of a routed topic, with the topic after it in *inner; 0 when
 * `topic` is not REPLY_ROUTE_PREFIX CLIENT "/" INNER with a valid client and a non-empty inner. */
size_t reply_route_split(const char* topic, const char** inner);

/* Whether a client id can be the client level of a routed topic. */
bool reply_route_client_ok(const char* client_id);

#ifdef __cplusplus
}
#endif

#endif
