#include "uptake/fetch/cache.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "uptake/core/errors.hpp"

namespace uptake::fetch {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {

// Holds a prepared statement for the duration of one call.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw NetworkError(std::string("cache: cannot prepare statement: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const noexcept { return stmt_; }
  void bind_text(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void bind_blob(int i, const std::string& s) { sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  int step() {
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw NetworkError(std::string("cache: ") + sqlite3_errmsg(db_));
    return rc;
  }
  std::string column_text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }
  std::string column_blob(int i) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS responses ("
    " key TEXT PRIMARY KEY, url TEXT NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL,"
    " body BLOB NOT NULL, etag TEXT, last_modified TEXT, fetched_at REAL NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);"
    "INSERT OR IGNORE INTO meta VALUES ('format', 'uptake-cache-1');";

}  // namespace

ResponseCache::ResponseCache(const std::string& path) : path_(path) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  open_or_rebuild();
}

ResponseCache::~ResponseCache() {
  if (db_) sqlite3_close(db_);
}

void ResponseCache::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw NetworkError("cache: " + msg + " (" + path_ + ")");
  }
}

void ResponseCache::open_or_rebuild() {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (sqlite3_open(path_.c_str(), &db_) == SQLITE_OK) {
      sqlite3_busy_timeout(db_, 10000);  // another process writing: wait rather than fail
      try {
        exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        exec(kSchema);
        Statement check(db_, "PRAGMA quick_check");
        if (check.step() == SQLITE_ROW && check.column_text(0) == "ok") {
          Statement fmt(db_, "SELECT value FROM meta WHERE name = 'format'");
          if (fmt.step() == SQLITE_ROW && fmt.column_text(0) == "uptake-cache-1") return;
        }
      } catch (const NetworkError&) {
        // fall through: not a usable cache
      }
    }
    if (db_) {
      sqlite3_close(db_);
      db_ = nullptr;
    }
    if (attempt == 1) break;
    // Move the unreadable file (and its WAL side files) aside and start afresh.
    rebuilt_from_ = path_ + ".corrupt-" + std::to_string(static_cast<long long>(now_seconds()));
    std::error_code ec;
    std::filesystem::rename(path_, rebuilt_from_, ec);
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }
  throw NetworkError("cache: cannot open or rebuild " + path_);
}

std::optional<CachedResponse> ResponseCache::get(const std::string& key) {
  Statement s(db_, "SELECT url, status, headers, body, etag, last_modified, fetched_at FROM responses WHERE key = ?");
  s.bind_text(1, key);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  CachedResponse r;
  r.url = s.column_text(0);
  r.status = sqlite3_column_int64(s.get(), 1);
  const auto headers = nlohmann::json::parse(s.column_text(2), nullptr, false);
  if (headers.is_object()) {
    for (auto it = headers.begin(); it != headers.end(); ++it) {
      if (it.value().is_string()) r.headers[it.key()] = it.value().get<std::string>();
    }
  }
  r.body = s.column_blob(3);
  r.etag = s.column_text(4);
  r.last_modified = s.column_text(5);
  r.fetched_at = sqlite3_column_double(s.get(), 6);
  return r;
}

void ResponseCache::put(const std::string& key, const CachedResponse& r) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [k, v] : r.headers) headers[k] = v;
  Statement s(db_,
              "INSERT OR REPLACE INTO responses (key, url, status, headers, body, etag, last_modified, fetched_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_text(1, key);
  s.bind_text(2, r.url);
  sqlite3_bind_int64(s.get(), 3, r.status);
  s.bind_text(4, headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  s.bind_blob(5, r.body);
  s.bind_text(6, r.etag);
  s.bind_text(7, r.last_modified);
  sqlite3_bind_double(s.get(), 8, r.fetched_at);
  s.step();  // one statement = one implicit transaction: all or nothing
}

void ResponseCache::touch(const std::string& key, double fetched_at) {
  Statement s(db_, "UPDATE responses SET fetched_at = ? WHERE key = ?");
  sqlite3_bind_double(s.get(), 1, fetched_at);
  s.bind_text(2, key);
  s.step();
}

CacheInfo ResponseCache::info() {
  Statement s(db_, "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0), COALESCE(MIN(fetched_at), 0), "
                   "COALESCE(MAX(fetched_at), 0) FROM responses");
  s.step();
  CacheInfo i;
  i.path = path_;
  i.entries = sqlite3_column_int64(s.get(), 0);
  i.bytes = sqlite3_column_int64(s.get(), 1);
  i.oldest = sqlite3_column_double(s.get(), 2);
  i.newest = sqlite3_column_double(s.get(), 3);
  return i;
}

void ResponseCache::clear() {
  exec("DELETE FROM responses;");
  exec("PRAGMA wal_checkpoint(TRUNCATE);");
  exec("VACUUM;");
}

}  // namespace uptake::fetch
