#pragma once
// The response cache: one SQLite file (WAL journal, one transaction per write) so a killed process or two
// processes at once never corrupt it. Only a file SQLite itself calls damaged (not a database, corrupt,
// failing quick_check) or of another format is moved aside and rebuilt; a file locked by another process is
// waited for (busy timeout) and then reported with CacheBusyError, never touched. A location that cannot be
// written (read-only folder or disk, no permission) falls back to an in-memory cache for the run, still
// reading the entries the file holds.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

struct sqlite3;

namespace uptake::fetch {

struct CachedResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string etag, last_modified;
  double fetched_at = 0.0;  // seconds since the epoch
  std::string url;           // redacted
};

struct CacheInfo {
  std::string path;
  std::int64_t entries = 0;
  std::int64_t bytes = 0;     // body bytes stored
  double oldest = 0.0, newest = 0.0;
};

class ResponseCache {
 public:
  // Opens (creating folders and the file as needed). `rebuilt_from` is set when a corrupt file was moved aside;
  // `fallback_reason` when the location cannot be written and an in-memory cache is used instead.
  explicit ResponseCache(const std::string& path, double busy_timeout = 10.0);
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  std::optional<CachedResponse> get(const std::string& key);
  void put(const std::string& key, const CachedResponse& response);
  void touch(const std::string& key, double fetched_at);  // a 304 revalidation keeps the body, renews its age
  CacheInfo info();
  void clear();
  const std::string& path() const noexcept { return path_; }
  const std::string& rebuilt_from() const noexcept { return rebuilt_from_; }
  const std::string& fallback_reason() const noexcept { return fallback_reason_; }

 private:
  enum class Opened { ok, damaged, unwritable };
  Opened try_open();
  void open_in_memory(const std::string& why);
  void exec(const char* sql);
  std::optional<CachedResponse> get_from(sqlite3* db, const std::string& key);
  sqlite3* db_ = nullptr;
  sqlite3* read_only_ = nullptr;  // the on-disk file, when it can be read but not written
  std::string path_;
  std::string rebuilt_from_;
  std::string fallback_reason_;
  int busy_ms_ = 10000;
};

double now_seconds();

}  // namespace uptake::fetch
