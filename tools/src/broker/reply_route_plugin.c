/* The reply_route mosquitto plugin (reply_route.h says what it does). Options:
 *   plugin_opt_responder USER      the username of the service that answers (devcloud's identity)
 *   plugin_opt_requests FILTER...  the request topics, space-separated topic filters
 * The plugin never rewrites a message in place (mosquitto 2.0's releases disagree on who frees a
 * replaced topic): it publishes the routed copy itself and drops the original. */
#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/src/broker/reply_route.h"

static mosquitto_plugin_id_t* plugin_id;
static char* responder;
static char* request_list; /* the option's value, cut into request[] in place */
static char* request[32];
static int request_count;

static bool is_request(const char* topic) {
    for (int i = 0; i < request_count; ++i) {
        bool match = false;
        if (mosquitto_topic_matches_sub(request[i], topic, &match) == MOSQ_ERR_SUCCESS && match) return true;
    }
    return false;
}

/* Publishes the payload on `topic`, to `client` alone or (NULL) to its subscribers; then the
 * original is dropped (MOSQ_ERR_ACL_DENIED: its sender still gets its PUBACK). If the copy cannot
 * be queued the original goes on as it came. */
static int forward(const struct mosquitto_evt_message* m, const char* client, const char* topic) {
    int rc = mosquitto_broker_publish_copy(client, topic, (int)m->payloadlen, m->payload, m->qos, false, NULL);
    return rc == MOSQ_ERR_SUCCESS ? MOSQ_ERR_ACL_DENIED : MOSQ_ERR_SUCCESS;
}

static int on_message(int event, void* event_data, void* userdata) {
    (void)event;
    (void)userdata;
    const struct mosquitto_evt_message* m = event_data;
    const char* user = mosquitto_client_username(m->client);
    if (user != NULL && strcmp(user, responder) == 0) {
        const char* inner = NULL;
        size_t n = reply_route_split(m->topic, &inner);
        if (n == 0) return MOSQ_ERR_SUCCESS;
        char* client = malloc(n + 1);
        if (client == NULL) return MOSQ_ERR_NOMEM;
        memcpy(client, m->topic + sizeof REPLY_ROUTE_PREFIX - 1, n);
        client[n] = '\0';
        int rc = forward(m, client, inner);
        free(client);
        return rc;
    }
    const char* id = mosquitto_client_id(m->client);
    if (!is_request(m->topic) || !reply_route_client_ok(id)) return MOSQ_ERR_SUCCESS;
    size_t len = sizeof REPLY_ROUTE_PREFIX + strlen(id) + 1 + strlen(m->topic);
    char* routed = malloc(len);
    if (routed == NULL) return MOSQ_ERR_SUCCESS;
    snprintf(routed, len, "%s%s/%s", REPLY_ROUTE_PREFIX, id, m->topic);
    int rc = forward(m, NULL, routed);
    free(routed);
    return rc;
}

int mosquitto_plugin_version(int supported_version_count, const int* supported_versions) {
    for (int i = 0; i < supported_version_count; ++i)
        if (supported_versions[i] == 5) return 5;
    return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t* identifier, void** userdata, struct mosquitto_opt* opts,
                          int opt_count) {
    (void)userdata;
    for (int i = 0; i < opt_count; ++i) {
        if (strcmp(opts[i].key, "responder") == 0) responder = mosquitto_strdup(opts[i].value);
        if (strcmp(opts[i].key, "requests") == 0) request_list = mosquitto_strdup(opts[i].value);
    }
    if (responder == NULL || request_list == NULL) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "reply_route: needs plugin_opt_responder and plugin_opt_requests");
        return MOSQ_ERR_INVAL;
    }
    for (char* f = strtok(request_list, " "); f != NULL; f = strtok(NULL, " ")) {
        if (request_count == (int)(sizeof request / sizeof request[0]) ||
            mosquitto_sub_topic_check(f) != MOSQ_ERR_SUCCESS) {
            mosquitto_log_printf(MOSQ_LOG_ERR, "reply_route: request filter '%s' refused (invalid, or more than 32)",
                                 f);
            return MOSQ_ERR_INVAL;
        }
        request[request_count++] = f;
    }
    plugin_id = identifier;
    mosquitto_log_printf(MOSQ_LOG_INFO,
                         "reply_route: answers from '%s' reach only the client that asked (%d request filters)",
                         responder, request_count);
    return mosquitto_callback_register(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL, NULL);
}

int mosquitto_plugin_cleanup(void* userdata, struct mosquitto_opt* opts, int opt_count) {
    (void)userdata;
    (void)opts;
    (void)opt_count;
    int rc = mosquitto_callback_unregister(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL);
    mosquitto_free(responder);
    mosquitto_free(request_list);
    responder = request_list = NULL;
    request_count = 0;
    return rc;
}
