#include "uptake/fetch/engine.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

#include "uptake/core/errors.hpp"
#include "uptake/fetch/cache.hpp"
#include "uptake/version.hpp"

namespace uptake::fetch {

namespace {

// The start of a body, on one line, for an error message (secrets were already scrubbed from the body).
std::string body_snippet(const std::string& body) {
  std::string snippet = body.substr(0, 300);
  for (char& c : snippet) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!snippet.empty() && snippet.back() == ' ') snippet.pop_back();
  return snippet;
}

std::once_flag curl_init_once;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

double monotonic() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Query parameters that carry credentials, dropped from cache keys whatever their value.
bool is_secret_param(const std::string& name) {
  static const char* kNames[] = {"key", "access_token", "api_key", "apikey", "token", "client_secret", "sig"};
  const std::string n = lower(name);
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* k) { return n == k; });
}

struct Job {
  std::size_t index = 0;
  Request request;
  std::string host;
  HostPolicy policy;
  int attempts = 0;
  int polls = 0;
  double not_before = 0.0;
  std::vector<std::string> history;  // what each attempt ended in, for the error message
  std::optional<CachedResponse> cached;  // for conditional revalidation
  std::string key;
  // transfer state
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  std::string body;
  std::map<std::string, std::string> headers;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  bool too_big = false;     // the body passed policy.max_body_bytes: the transfer was aborted
  double deadline = 0.0;    // monotonic time by which the request must be answered (policy.max_request_time)
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* job = static_cast<Job*>(user);
  // Checked before appending, on decompressed bytes: a gzip bomb or an endless body stops at the limit.
  if (job->body.size() + size * count > job->policy.max_body_bytes) {
    job->too_big = true;
    return 0;  // libcurl aborts the transfer with CURLE_WRITE_ERROR
  }
  job->body.append(data, size * count);
  return size * count;
}

size_t write_header(char* data, size_t size, size_t count, void* user) {
  auto* job = static_cast<Job*>(user);
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    job->headers.clear();  // a new response (after a redirect or 100-continue) starts
  } else {
    const auto colon = line.find(':');
    // Header values may be Latin-1 or cut: keep them valid UTF-8 so they convert to Python str.
    if (colon != std::string::npos) job->headers[valid_utf8(lower(trim(line.substr(0, colon))))] = valid_utf8(trim(line.substr(colon + 1)));
  }
  return size * count;
}

struct HostState {
  int active = 0;
  double next_start = 0.0;
  std::string blocked;  // set when the server asked for a wait longer than allowed: later requests fail with it
  std::string unreachable;  // why the host cannot be reached; its other requests fail without trying
};

// Only http and https, for the first request and every redirect (libcurl's defaults also allow ftp, etc.).
void restrict_protocols(CURL* e) {
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85.0: the string options; the bitmask ones are deprecated there
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(e, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

// Transfer failures that no retry can fix, with the reason to report; nullopt for transient ones.
std::optional<std::string> permanent_failure(CURLcode code, const Job& job) {
  if (job.too_big) {
    return "the response body passed max_body_bytes = " + std::to_string(job.policy.max_body_bytes) +
           " bytes (after decompression); raise the limit if the answer is genuinely that large";
  }
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
      return std::string("only http and https are allowed (also on redirects): ") + curl_easy_strerror(code);
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_URL_MALFORMAT:
      return std::string(curl_easy_strerror(code));
    default:
      return std::nullopt;
  }
}

// A wait the server asks for, checked against the policy's cap; the error text when it is too long.
std::optional<std::string> wait_too_long(double seconds, const HostPolicy& policy, const std::string& what) {
  if (!(seconds > policy.max_retry_after)) return std::nullopt;
  return std::string("the server asks to wait ") + std::to_string(static_cast<long long>(std::min(seconds, 1e15))) +
         " s (" + what + "), more than the " + std::to_string(static_cast<long long>(policy.max_retry_after)) +
         " s allowed (max_retry_after)";
}

}  // namespace

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const auto at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  return lower(authority);
}

std::string cache_key(const Request& r) {
  // Method, URL without credential parameters, and body, with every secret value removed.
  std::string url = r.url;
  const auto q = url.find('?');
  if (q != std::string::npos) {
    std::string kept;
    std::size_t pos = q + 1;
    while (pos <= url.size()) {
      const auto amp = url.find('&', pos);
      const std::string part = url.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      const std::string name = part.substr(0, part.find('='));
      if (!part.empty() && !is_secret_param(name)) kept += (kept.empty() ? "" : "&") + part;
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
    url = url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
  }
  return redact(r.method + " " + url + "\n" + r.body, r.secrets);
}

std::optional<double> parse_retry_after(const std::string& value, double now) {
  const std::string v = trim(value);
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c) || c == '.'; })) {
    return std::max(0.0, std::strtod(v.c_str(), nullptr));
  }
  const time_t when = curl_getdate(v.c_str(), nullptr);  // an HTTP date
  if (when < 0) return std::nullopt;
  return std::max(0.0, static_cast<double>(when) - now);
}

TransferFailure classify_transfer_failure(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransferFailure::Unreachable;
    default:
      return TransferFailure::Transient;
  }
}

std::optional<double> quota_reset_wait(long status, const std::map<std::string, std::string>& headers, double now) {
  if (status != 403 && status != 429) return std::nullopt;
  const auto remaining = headers.find("x-ratelimit-remaining");
  const auto reset = headers.find("x-ratelimit-reset");
  if (remaining == headers.end() || trim(remaining->second) != "0" || reset == headers.end()) return std::nullopt;
  char* end = nullptr;
  const double when = std::strtod(reset->second.c_str(), &end);
  if (end == reset->second.c_str()) return std::nullopt;
  return std::max(1.0, when - now);
}

std::string probe_ca_bundle() {
  for (const char* env : {"SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"}) {
    const char* v = std::getenv(env);
    if (v && *v && std::filesystem::exists(v)) return v;
  }
  for (const char* path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                           "/etc/ssl/cert.pem", "/etc/ssl/ca-bundle.pem", "/usr/local/etc/openssl/cert.pem",
                           "/opt/homebrew/etc/openssl@3/cert.pem"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";  // libcurl's compiled-in default
}

Engine::Engine(EngineOptions options) : options_(std::move(options)) {
  std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (options_.user_agent.empty()) {
    options_.user_agent = std::string("uptake/") + version() + " (+https://github.com/uptake-dev/uptake)";
  }
  if (options_.ca_bundle.empty()) options_.ca_bundle = probe_ca_bundle();
}

std::vector<Response> Engine::run(const std::vector<Request>& requests, const ProgressFn& progress) {
  const std::size_t total = requests.size();
  std::vector<Response> results(total);
  std::unique_ptr<ResponseCache> cache;
  if (!options_.cache_path.empty()) {
    cache = std::make_unique<ResponseCache>(options_.cache_path, options_.cache_busy_timeout);
    cache_rebuilt_from_ = cache->rebuilt_from();
    if (!cache->fallback_reason().empty()) cache_notes_.push_back(cache->fallback_reason());
  }
  std::size_t not_stored = 0;
  std::string not_stored_why;
  std::size_t done = 0;
  std::uint64_t bytes = 0;
  bool cancelled = false;
  double last_report = 0.0;
  // Called on every completion and at least every 200 ms, so a cancel (Ctrl-C) is noticed while waiting.
  const auto report = [&] {
    last_report = monotonic();
    if (progress && !progress(done, total, bytes)) cancelled = true;
  };

  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  std::deque<std::unique_ptr<Job>> waiting;
  std::map<std::string, HostState> hosts;

  // Cache first: fresh answers need no network; offline answers come from the cache or not at all.
  for (std::size_t i = 0; i < total; ++i) {
    const Request& r = requests[i];
    Response& out = results[i];
    out.url = redact(r.url, r.secrets);
    if (r.url.rfind("http://", 0) != 0 && r.url.rfind("https://", 0) != 0) {
      out.error = "invalid URL (must start with http:// or https://): " + out.url;
      ++done;
      continue;
    }
    const std::string key = cache ? cache_key(r) : "";
    std::optional<CachedResponse> hit;
    if (cache) hit = cache->get(key);
    const double age = hit ? now_seconds() - hit->fetched_at : 0.0;
    if (hit && (options_.offline || (r.ttl > 0 && age <= r.ttl))) {
      out.ok = true;
      out.status = hit->status;
      out.headers = hit->headers;
      out.body = hit->body;
      out.from_cache = true;
      out.stale = r.ttl <= 0 || age > r.ttl;
      ++done;
      continue;
    }
    if (options_.offline) {
      out.error = "offline: no cached response for " + r.method + " " + out.url;
      ++done;
      continue;
    }
    auto job = std::make_unique<Job>();
    job->index = i;
    job->request = r;
    job->host = host_of(r.url);
    const auto it = options_.host_policies.find(job->host);
    job->policy = it != options_.host_policies.end() ? it->second : options_.default_policy;
    job->key = key;
    job->deadline = monotonic() + job->policy.max_request_time;
    if (hit && (!hit->etag.empty() || !hit->last_modified.empty())) job->cached = hit;
    waiting.push_back(std::move(job));
  }
  report();

  CURLM* multi = curl_multi_init();
  std::map<CURL*, std::unique_ptr<Job>> active;

  const auto start = [&](std::unique_ptr<Job> job) {
    const Request& r = job->request;
    job->body.clear();
    job->headers.clear();
    job->error_buffer[0] = '\0';
    CURL* e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate/br as offered
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(job->policy.connect_timeout * 1000));
    const double seconds_left = std::max(0.001, std::min(job->policy.total_timeout, job->deadline - monotonic()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(seconds_left * 1000));
    restrict_protocols(e);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, job.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, job.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, job->error_buffer);
    if (!options_.ca_bundle.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    if (r.method != "GET") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (!r.body.empty()) {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.c_str());
    }
    curl_slist* list = nullptr;
    for (const auto& [k, v] : r.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
    if (job->cached) {
      if (!job->cached->etag.empty()) list = curl_slist_append(list, ("If-None-Match: " + job->cached->etag).c_str());
      if (!job->cached->last_modified.empty()) {
        list = curl_slist_append(list, ("If-Modified-Since: " + job->cached->last_modified).c_str());
      }
    }
    job->header_list = list;
    if (list) curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
    job->easy = e;
    ++job->attempts;
    HostState& hs = hosts[job->host];
    ++hs.active;
    hs.next_start = monotonic() + job->policy.min_interval;
    curl_multi_add_handle(multi, e);
    active.emplace(e, std::move(job));
  };

  const auto finish_error = [&](Job& job, const std::string& why) {
    Response& out = results[job.index];
    std::string tried;
    for (std::size_t a = 0; a < job.history.size(); ++a) tried += (a ? ", " : "") + job.history[a];
    out.ok = false;
    out.attempts = job.attempts;
    out.status = job.history.empty() ? 0 : out.status;
    out.error = valid_utf8(redact(job.request.method + " " + job.request.url + " failed: " + why + " (after " +
                                      std::to_string(job.attempts) + " attempt" + (job.attempts == 1 ? "" : "s") +
                                      ": " + tried + ")",
                                  job.request.secrets));
    ++done;
  };

  const auto retry_later = [&](std::unique_ptr<Job> job, double delay, const std::string& why) {
    if (job->attempts > job->policy.max_retries) {
      finish_error(*job, why);
      return;
    }
    if (monotonic() + delay > job->deadline) {
      finish_error(*job, why + "; no time left for another try within max_request_time = " +
                             std::to_string(static_cast<long long>(job->policy.max_request_time)) + " s");
      return;
    }
    job->not_before = monotonic() + delay;
    waiting.push_back(std::move(job));
  };
  // A host whose server asked for a wait beyond the cap: what is still queued for it fails with that reason.
  const auto block_host = [&](const std::string& host, const std::string& why) {
    hosts[host].blocked = why;
  };

  while (!cancelled && (!waiting.empty() || !active.empty())) {
    // Start what politeness allows, oldest first.
    const double now = monotonic();
    double next_wake = now + 0.25;
    rate_limited_ = 0;
    for (auto it = waiting.begin(); it != waiting.end();) {
      Job& j = **it;
      HostState& hs = hosts[j.host];
      if (!hs.blocked.empty()) {
        j.history.push_back("not sent");
        finish_error(j, hs.blocked);
        it = waiting.erase(it);
        continue;
      }
      if (!hs.unreachable.empty()) {
        Response& out = results[j.index];
        out.unreachable = true;
        out.attempts = j.attempts;
        out.error = redact(j.request.method + " " + j.request.url + " failed: not tried: " + hs.unreachable, j.request.secrets);
        ++done;
        it = waiting.erase(it);
        continue;
      }
      if (j.not_before > now || hs.next_start > now + j.policy.min_interval) ++rate_limited_;
      if (j.not_before <= now && hs.active < j.policy.max_concurrent && hs.next_start <= now) {
        auto job = std::move(*it);
        it = waiting.erase(it);
        start(std::move(job));
      } else {
        next_wake = std::min(next_wake, std::max(j.not_before, hs.next_start));
        ++it;
      }
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      const CURLcode code = msg->data.result;
      auto node = active.find(e);
      std::unique_ptr<Job> job = std::move(node->second);
      active.erase(node);
      curl_multi_remove_handle(multi, e);
      long status = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
      curl_easy_cleanup(e);
      curl_slist_free_all(job->header_list);
      job->header_list = nullptr;
      job->easy = nullptr;
      --hosts[job->host].active;
      bytes += job->body.size();
      Response& out = results[job->index];
      out.status = status;
      const double t = monotonic();

      if (code != CURLE_OK) {
        if (const auto reason = permanent_failure(code, *job)) {
          job->history.push_back(job->too_big ? "body too large" : curl_easy_strerror(code));
          finish_error(*job, *reason);
          continue;
        }
        // Timeouts, refused or reset connections, truncated bodies: transient.
        const std::string what = std::string(curl_easy_strerror(code)) +
                                 (job->error_buffer[0] ? std::string(" (") + job->error_buffer + ")" : "");
        job->history.push_back(what);
        if (classify_transfer_failure(code) == TransferFailure::Unreachable) {
          hosts[job->host].unreachable = job->host + " is unreachable (" + what + ")";
          out.unreachable = true;
          finish_error(*job, what + "; not retried (no network, a wrong host name or nothing listening)");
          report();
          continue;
        }
        const double delay = std::min(job->policy.max_delay, job->policy.base_delay * std::pow(2.0, job->attempts - 1)) * jitter(rng);
        retry_later(std::move(job), delay, what);
        continue;
      }
      // A server may echo a credential back (an error page quoting the request, a debug field): scrub it
      // before the answer is parsed, quoted in an error, or written to the cache.
      if (!job->request.secrets.empty()) {
        job->body = redact(std::move(job->body), job->request.secrets);
        for (auto& kv : job->headers) kv.second = redact(std::move(kv.second), job->request.secrets);
      }
      const auto header = [&](const char* name) {
        const auto h = job->headers.find(name);
        return h == job->headers.end() ? std::string() : h->second;
      };
      // Rate-limit headers: when the quota is used up, nothing more to this host before the reset.
      if (header("x-ratelimit-remaining") == "0" && !header("x-ratelimit-reset").empty()) {
        const double reset = std::strtod(header("x-ratelimit-reset").c_str(), nullptr) - now_seconds();
        if (const auto too_long = wait_too_long(reset, job->policy, "rate limit used up until X-RateLimit-Reset")) {
          block_host(job->host, *too_long);
        } else if (reset > 0) {
          hosts[job->host].next_start = std::max(hosts[job->host].next_start, t + reset);
        }
      }
      const std::optional<double> retry_after = parse_retry_after(header("retry-after"), now_seconds());

      if (status == 304 && job->cached) {
        if (cache) cache->touch(job->key, now_seconds());
        out.ok = true;
        out.status = job->cached->status;
        out.headers = job->cached->headers;
        out.body = job->cached->body;
        out.from_cache = true;
        out.attempts = job->attempts;
        ++done;
      } else if (status == 202) {
        job->history.push_back("202 (still computing)");
        --job->attempts;  // a poll is not a failed attempt
        if (++job->polls > job->policy.max_polls) {
          ++job->attempts;
          finish_error(*job, "still computing (202) after " + std::to_string(job->policy.max_polls) + " polls");
        } else if (const auto too_long = wait_too_long(retry_after.value_or(0.0), job->policy, "Retry-After on 202")) {
          ++job->attempts;
          finish_error(*job, "still computing (202); " + *too_long);
        } else if (t + retry_after.value_or(job->policy.poll_interval) > job->deadline) {
          ++job->attempts;
          finish_error(*job, "still computing (202); no time left for another poll within max_request_time = " +
                                 std::to_string(static_cast<long long>(job->policy.max_request_time)) + " s");
        } else {
          job->not_before = t + retry_after.value_or(job->policy.poll_interval);
          waiting.push_back(std::move(job));
        }
      } else if (const auto quota = quota_reset_wait(status, job->headers, now_seconds())) {
        job->history.push_back(std::to_string(status) + " (rate limit used up)");
        if (*quota > job->policy.max_retry_after) {
          finish_error(*job, "HTTP " + std::to_string(status) + ": the rate limit is used up until " +
                                 header("x-ratelimit-reset") + " (in " + std::to_string(static_cast<long>(*quota)) +
                                 " s), more than the " + std::to_string(static_cast<long>(job->policy.max_retry_after)) +
                                 " s uptake waits; use a token or try later");
          continue;
        }
        hosts[job->host].next_start = std::max(hosts[job->host].next_start, t + *quota);
        retry_later(std::move(job), *quota, "last status " + std::to_string(status) + " (rate limit used up)");
      } else if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
        job->history.push_back(std::to_string(status));
        double delay = std::min(job->policy.max_delay, job->policy.base_delay * std::pow(2.0, job->attempts - 1)) * jitter(rng);
        if (retry_after) {
          if (const auto too_long = wait_too_long(*retry_after, job->policy, "Retry-After")) {
            finish_error(*job, "last status " + std::to_string(status) + "; " + *too_long);
            continue;
          }
          delay = *retry_after;
          hosts[job->host].next_start = std::max(hosts[job->host].next_start, t + delay);
        }
        // Keep the server's own reason (e.g. ClickHouse's "DB::Exception: ...") for the message if retries run out.
        const std::string said = status >= 500 ? body_snippet(job->body) : std::string();
        const auto& marks = job->request.permanent_errors;
        if (status >= 500 && std::any_of(marks.begin(), marks.end(), [&](const std::string& m) {
              return !m.empty() && job->body.find(m) != std::string::npos;
            })) {
          job->history.push_back(std::to_string(status));
          finish_error(*job, "HTTP " + std::to_string(status) + ": " + said + "; not retried: the server says the request itself is wrong");
          continue;
        }
        retry_later(std::move(job), delay, "last status " + std::to_string(status) + (said.empty() ? "" : ": " + said));
      } else if (status >= 200 && status < 300) {
        out.ok = true;
        out.headers = job->headers;
        out.body = std::move(job->body);
        out.attempts = job->attempts;
        if (!job->request.backoff_field.empty()) {
          const auto parsed = nlohmann::json::parse(out.body, nullptr, false);
          if (parsed.is_object() && parsed.contains(job->request.backoff_field) &&
              parsed[job->request.backoff_field].is_number()) {
            const double wait = parsed[job->request.backoff_field].get<double>();
            if (const auto too_long = wait_too_long(wait, job->policy, "body field '" + job->request.backoff_field + "'")) {
              block_host(job->host, *too_long);
            } else if (wait > 0) {
              hosts[job->host].next_start = std::max(hosts[job->host].next_start, t + wait);
            }
          }
        }
        if (cache && job->request.cacheable) {
          CachedResponse c;
          c.status = status;
          c.headers = out.headers;
          c.body = out.body;
          c.etag = header("etag");
          c.last_modified = header("last-modified");
          c.fetched_at = now_seconds();
          c.url = out.url;
          // A failed write (disk full, lock held too long, read-only) loses only this copy: the answer is still
          // returned, and entries already stored stay (each write is its own transaction).
          try {
            cache->put(job->key, c);
          } catch (const std::exception& ex) {
            ++not_stored;
            not_stored_why = ex.what();
          }
        }
        ++done;
      } else {
        // Other client errors will not improve by retrying: report them with a piece of the body.
        job->history.push_back(std::to_string(status));
        const std::string snippet = body_snippet(job->body);
        out.body = std::move(job->body);
        out.headers = job->headers;
        finish_error(*job, "HTTP " + std::to_string(status) + (snippet.empty() ? "" : ": " + snippet));
      }
      report();
      if (cancelled) break;
    }
    if (cancelled) break;
    if (monotonic() - last_report > 0.2) {
      report();
      if (cancelled) break;
    }
    // Sleep until a socket is ready, libcurl's own timer (name resolution, timeouts) fires, or a waiting
    // request may start, whichever comes first.
    double wait_ms = std::max(0.0, next_wake - monotonic()) * 1000.0;
    long curl_ms = -1;
    curl_multi_timeout(multi, &curl_ms);
    if (curl_ms >= 0) wait_ms = std::min(wait_ms, static_cast<double>(curl_ms));
    if (!waiting.empty() || !active.empty()) {
      curl_multi_poll(multi, nullptr, 0, static_cast<int>(std::min(200.0, wait_ms)), nullptr);
    }
  }

  // Cancellation: abort what is in flight; every unfinished request reports it.
  for (auto& [e, job] : active) {
    curl_multi_remove_handle(multi, e);
    curl_easy_cleanup(e);
    curl_slist_free_all(job->header_list);
    results[job->index].error = "cancelled: " + results[job->index].url;
  }
  for (auto& job : waiting) results[job->index].error = "cancelled: " + results[job->index].url;
  curl_multi_cleanup(multi);
  if (not_stored > 0) {
    cache_notes_.push_back(std::to_string(not_stored) + " answer" + (not_stored == 1 ? " was" : "s were") +
                           " returned but not stored in the cache (" + not_stored_why + ")");
  }
  return results;
}

}  // namespace uptake::fetch
