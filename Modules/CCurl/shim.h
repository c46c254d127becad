// libcurl for QuarryFiles (S3 and remote fetching).
//
// Swift does not import C variadic functions: curl_easy_setopt and
// curl_easy_getinfo are wrapped here, one typed function per argument kind.
#include <curl/curl.h>

typedef size_t (*quarry_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);
typedef int (*quarry_curl_progress_callback)(void *context, curl_off_t downloadTotal, curl_off_t downloaded,
                                              curl_off_t uploadTotal, curl_off_t uploaded);
typedef curl_socket_t (*quarry_curl_opensocket_callback)(void *context, curlsocktype purpose,
                                                         struct curl_sockaddr *address);

static inline CURLcode quarry_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode quarry_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode quarry_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode quarry_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode quarry_curl_set_headers(CURL *handle, struct curl_slist *headers) {
    return curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
}
static inline CURLcode quarry_curl_set_data_callback(CURL *handle, CURLoption option, quarry_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}
static inline CURLcode quarry_curl_set_progress_callback(CURL *handle, quarry_curl_progress_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}
static inline CURLcode quarry_curl_set_opensocket_callback(CURL *handle, quarry_curl_opensocket_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
}
static inline CURLcode quarry_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode quarry_curl_get_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode quarry_curl_get_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}
/// What a write callback returns to pause, and an invalid socket.
static inline size_t quarry_curl_write_abort(void) { return 0; }
static inline curl_socket_t quarry_curl_bad_socket(void) { return CURL_SOCKET_BAD; }
static inline size_t quarry_curl_read_abort(void) { return CURL_READFUNC_ABORT; }
static inline long quarry_curl_global_flags(void) { return CURL_GLOBAL_ALL; }
