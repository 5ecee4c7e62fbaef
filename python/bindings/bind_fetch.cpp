// Glue for the fetch layer: requests and options in as dicts, responses out as dicts, the GIL released while
// transfers run and re-acquired only to call the progress hook (which also turns Ctrl-C into a cancel).
#include "common.hpp"
#include "uptake/fetch/cache.hpp"
#include "uptake/core/errors.hpp"
#include "uptake/fetch/engine.hpp"

namespace uptake::bindings {

namespace {

template <class T>
void set_if(const py::dict& d, const char* key, T& target) {
  if (d.contains(key) && !d[key].is_none()) target = d[key].cast<T>();
}

fetch::HostPolicy policy_from(const py::dict& d, fetch::HostPolicy p) {
  set_if(d, "max_concurrent", p.max_concurrent);
  set_if(d, "min_interval", p.min_interval);
  set_if(d, "max_retries", p.max_retries);
  set_if(d, "base_delay", p.base_delay);
  set_if(d, "max_delay", p.max_delay);
  set_if(d, "max_retry_after", p.max_retry_after);
  set_if(d, "max_polls", p.max_polls);
  set_if(d, "poll_interval", p.poll_interval);
  set_if(d, "connect_timeout", p.connect_timeout);
  set_if(d, "total_timeout", p.total_timeout);
  set_if(d, "max_body_bytes", p.max_body_bytes);
  set_if(d, "max_request_time", p.max_request_time);
  const auto finite_nonneg = [](double v) { return v >= 0.0 && v < 1e12; };
  if (!finite_nonneg(p.min_interval) || !finite_nonneg(p.base_delay) || !finite_nonneg(p.max_delay) ||
      !finite_nonneg(p.max_retry_after) || !finite_nonneg(p.poll_interval) || !(p.connect_timeout > 0.0) ||
      !(p.total_timeout > 0.0) || !(p.max_request_time > 0.0) || !finite_nonneg(p.connect_timeout) ||
      !finite_nonneg(p.total_timeout) || !finite_nonneg(p.max_request_time)) {
    throw std::invalid_argument("fetch: policy times must be finite and >= 0 (timeouts > 0)");
  }
  if (p.max_polls < 0 || p.max_body_bytes < 1) throw std::invalid_argument("fetch: max_polls >= 0, max_body_bytes >= 1");
  if (p.max_concurrent < 1) throw std::invalid_argument("fetch: max_concurrent must be >= 1");
  if (p.max_retries < 0 || p.min_interval < 0 || p.base_delay < 0) {
    throw std::invalid_argument("fetch: retries, intervals and delays must be >= 0");
  }
  return p;
}

fetch::Request request_from(const py::dict& d) {
  fetch::Request r;
  set_if(d, "method", r.method);
  set_if(d, "url", r.url);
  set_if(d, "headers", r.headers);
  if (d.contains("body") && !d["body"].is_none()) {
    r.body = py::isinstance<py::bytes>(d["body"]) ? d["body"].cast<std::string>() : d["body"].cast<std::string>();
  }
  set_if(d, "secrets", r.secrets);
  set_if(d, "ttl", r.ttl);
  set_if(d, "cacheable", r.cacheable);
  set_if(d, "backoff_field", r.backoff_field);
  set_if(d, "permanent_errors", r.permanent_errors);
  return r;
}

}  // namespace

void bind_fetch(py::module_& m) {
  m.def(
      "fetch",
      [](const py::list& requests, const py::dict& options, const py::object& progress) {
        fetch::EngineOptions o;
        if (options.contains("policy")) o.default_policy = policy_from(options["policy"].cast<py::dict>(), o.default_policy);
        if (options.contains("host_policies")) {
          for (const auto& item : options["host_policies"].cast<py::dict>()) {
            o.host_policies[item.first.cast<std::string>()] = policy_from(item.second.cast<py::dict>(), o.default_policy);
          }
        }
        set_if(options, "cache_path", o.cache_path);
        set_if(options, "offline", o.offline);
        set_if(options, "user_agent", o.user_agent);
        set_if(options, "ca_bundle", o.ca_bundle);
        set_if(options, "cache_timeout", o.cache_busy_timeout);
        std::vector<fetch::Request> reqs;
        for (const auto& item : requests) reqs.push_back(request_from(item.cast<py::dict>()));

        std::exception_ptr python_error;
        fetch::Engine engine(o);
        fetch::ProgressFn hook = [&](std::size_t done, std::size_t total, std::uint64_t bytes) {
          py::gil_scoped_acquire gil;
          try {
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (!progress.is_none()) {
              const py::object keep_going = progress(done, total, bytes, engine.rate_limited());
              if (!keep_going.is_none() && !keep_going.cast<bool>()) return false;
            }
          } catch (...) {
            python_error = std::current_exception();
            return false;
          }
          return true;
        };
        std::vector<fetch::Response> out;
        {
          py::gil_scoped_release release;
          out = engine.run(reqs, hook);
        }
        if (python_error) std::rethrow_exception(python_error);
        py::list results;
        for (auto& r : out) {
          results.append(dict_of("ok"_a = r.ok, "status"_a = r.status, "headers"_a = r.headers,
                                  "body"_a = py::bytes(r.body), "from_cache"_a = r.from_cache, "stale"_a = r.stale,
                                  "attempts"_a = r.attempts, "error"_a = r.error, "url"_a = r.url,
                                  "unreachable"_a = r.unreachable));
        }
        return py::make_tuple(results, dict_of("rebuilt_from"_a = engine.cache_rebuilt_from(),
                                                "notes"_a = engine.cache_notes()));
      },
      "requests"_a, "options"_a, "progress"_a = py::none(),
      "Run HTTP requests concurrently with retries, politeness and the response cache.");

  m.def(
      "cache_info",
      [](const std::string& path) {
        fetch::ResponseCache cache(path);
        const auto i = cache.info();
        return dict_of("path"_a = i.path, "entries"_a = i.entries, "bytes"_a = i.bytes, "oldest"_a = i.oldest,
                        "newest"_a = i.newest, "rebuilt_from"_a = cache.rebuilt_from(),
                        "fallback"_a = cache.fallback_reason());
      },
      "path"_a, "Entries, bytes and age range of a response cache.");
  m.def(
      "cache_clear",
      [](const std::string& path) {
        fetch::ResponseCache cache(path);
        if (!cache.fallback_reason().empty()) throw NetworkError("cache: cannot clear: " + cache.fallback_reason());
        cache.clear();
      },
      "path"_a, "Remove every cached response.");
  m.def("redact", &fetch::redact, "text"_a, "secrets"_a,
        "The text with each secret blanked in its raw, percent-encoded and form-encoded spellings.");
  m.def(
      "cache_key",
      [](const std::string& method, const std::string& url, const std::string& body, const std::vector<std::string>& secrets) {
        fetch::Request r;
        r.method = method;
        r.url = url;
        r.body = body;
        r.secrets = secrets;
        return fetch::cache_key(r);
      },
      "method"_a, "url"_a, "body"_a = "", "secrets"_a = std::vector<std::string>{},
      "The cache key of a request: credentials stripped.");
  m.def("probe_ca_bundle", &fetch::probe_ca_bundle, "The CA bundle libcurl will be given.");
}

}  // namespace uptake::bindings
