#pragma once
// The HTTP engine: many requests at once over one libcurl multi handle, polite per host (concurrency limit,
// minimum interval), retrying transient failures with exponential back-off and jitter (honouring
// Retry-After, X-RateLimit-Remaining/Reset and body-level back-off fields), polling 202 "still computing"
// answers a bounded number of times, and answering from / refreshing the SQLite response cache. No source-
// specific knowledge lives here: sources describe their requests and parse the bytes that come back.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "uptake/fetch/sanitize.hpp"

namespace uptake::fetch {

struct HostPolicy {
  int max_concurrent = 4;
  double min_interval = 0.0;    // seconds between request starts to this host
  int max_retries = 4;          // retries after the first attempt
  double base_delay = 1.0;      // back-off base, seconds (doubled per attempt, jittered x0.5..1.5)
  double max_delay = 60.0;      // cap on one back-off wait
  double max_retry_after = 300.0;  // a longer Retry-After is reported instead of waited for
  int max_polls = 10;           // 202 answers polled at most this many times
  double poll_interval = 2.0;   // seconds between polls when the server gives no Retry-After
  double connect_timeout = 10.0;
  double total_timeout = 60.0;  // one attempt, seconds
  // Limits on what a server can make us do. A server-requested wait (Retry-After on 202/429/5xx, a rate-limit
  // reset, a body-level backoff) longer than max_retry_after fails the request at once, naming the wait.
  std::uint64_t max_body_bytes = 256ull << 20;  // after decompression; a larger body fails (gzip bombs)
  double max_request_time = 900.0;  // seconds from first attempt to answer, over all retries, polls and waits
};

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::string> secrets;  // values to redact everywhere and to strip from the cache key
  double ttl = 0.0;                  // seconds a cached answer is fresh; 0 = do not read the cache
  bool cacheable = true;             // store successful answers
  std::string backoff_field;         // JSON body field holding seconds to back off (Stack Exchange "backoff")
  // A 5xx whose body contains one of these says the request itself is wrong (ClickHouse answers a syntax error,
  // an unknown table or an exceeded row cap with HTTP 500): retrying cannot help, so it fails at once.
  std::vector<std::string> permanent_errors;
};

struct Response {
  bool ok = false;
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool from_cache = false;
  bool stale = false;       // served from cache past its ttl (offline mode)
  int attempts = 0;
  std::string error;        // set when !ok: names the (redacted) URL, the last status and what was tried
  std::string url;          // redacted
  bool unreachable = false; // the host could not be resolved or refused the connection: not retried
};

struct EngineOptions {
  HostPolicy default_policy;
  std::map<std::string, HostPolicy> host_policies;  // by host name
  std::string cache_path;   // empty: no cache
  bool offline = false;     // answer from the cache only
  std::string user_agent;   // empty: "uptake/<version>"
  std::string ca_bundle;    // empty: SSL_CERT_FILE, CURL_CA_BUNDLE, or a probed system bundle
  double cache_busy_timeout = 10.0;  // seconds to wait for another process's cache lock before CacheBusyError
};

// Progress: (done, total, bytes received). Returning false cancels the run.
using ProgressFn = std::function<bool(std::size_t, std::size_t, std::uint64_t)>;

class Engine {
 public:
  explicit Engine(EngineOptions options);
  // Runs every request to completion (or cancellation) and returns one Response per request, in order.
  std::vector<Response> run(const std::vector<Request>& requests, const ProgressFn& progress = nullptr);
  const std::string& cache_rebuilt_from() const noexcept { return cache_rebuilt_from_; }
  // What went wrong with the cache without failing the run (a read-only location, answers not stored).
  const std::vector<std::string>& cache_notes() const noexcept { return cache_notes_; }
  // Requests currently held back by a rate limit (Retry-After, X-RateLimit-Reset, body back-off); read from the
  // progress hook to say why a run is waiting.
  std::size_t rate_limited() const noexcept { return rate_limited_; }

 private:
  EngineOptions options_;
  std::string cache_rebuilt_from_;
  std::vector<std::string> cache_notes_;
  std::size_t rate_limited_ = 0;
};

// How a failed transfer is treated. A name that does not resolve or a port that refuses will not answer a
// second later: retrying them (as for timeouts and resets) only makes an offline run slow and silent.
enum class TransferFailure { Transient, Unreachable };
TransferFailure classify_transfer_failure(int curl_code);

// A quota answer (403 or 429 with X-RateLimit-Remaining: 0, as GitHub sends): seconds until X-RateLimit-Reset
// (at least 1), or nothing when the answer is not a quota answer.
std::optional<double> quota_reset_wait(long status, const std::map<std::string, std::string>& headers, double now);

// Helpers exposed for tests and for the sources (redact() lives in sanitize.hpp).
std::string cache_key(const Request& request);
std::string host_of(const std::string& url);
std::optional<double> parse_retry_after(const std::string& value, double now);  // seconds to wait
std::string probe_ca_bundle();

}  // namespace uptake::fetch
