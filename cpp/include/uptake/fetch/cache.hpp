#pragma once
// The response cache: one SQLite file (WAL journal, one transaction per write) so a killed process or two
// processes at once never corrupt it; a file that is not a readable cache is moved aside and rebuilt.
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
  // Opens (creating folders and the file as needed). `rebuilt_from` is set when a corrupt file was moved aside.
  explicit ResponseCache(const std::string& path);
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

 private:
  void open_or_rebuild();
  void exec(const char* sql);
  sqlite3* db_ = nullptr;
  std::string path_;
  std::string rebuilt_from_;
};

double now_seconds();

}  // namespace uptake::fetch
