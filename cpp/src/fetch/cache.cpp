#include "uptake/fetch/cache.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
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

namespace {

bool is_busy(int rc) { return (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED; }
bool is_damage(int rc) { return (rc & 0xFF) == SQLITE_CORRUPT || (rc & 0xFF) == SQLITE_NOTADB; }
bool is_unwritable(int rc) {
  const int primary = rc & 0xFF;
  return primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM ||
         primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_AUTH;
}

int run_sql(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

// The first column of the first row of a query, or nullopt; `rc` receives the step's result code.
std::optional<std::string> scalar(sqlite3* db, const char* sql, int& rc) {
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return std::nullopt;
  rc = sqlite3_step(stmt);
  std::optional<std::string> out;
  if (rc == SQLITE_ROW) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    out = p ? std::string(p) : std::string();
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace

ResponseCache::ResponseCache(const std::string& path, double busy_timeout) : path_(path) {
  if (!(busy_timeout >= 0.0) || busy_timeout > 86400.0) {
    throw std::invalid_argument("cache: busy timeout must be between 0 and 86400 s");
  }
  busy_ms_ = static_cast<int>(busy_timeout * 1000.0);
  const std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) {
    open_in_memory("cannot create the folder " + p.parent_path().string() + ": " + ec.message());
    return;
  }
  Opened state = try_open();
  if (state == Opened::damaged) {
    // Move the damaged file (and its WAL side files) aside and start afresh.
    rebuilt_from_ = path_ + ".corrupt-" + std::to_string(static_cast<long long>(now_seconds()));
    std::filesystem::rename(path_, rebuilt_from_, ec);
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
    state = try_open();
    if (state == Opened::damaged) throw NetworkError("cache: cannot rebuild " + path_);
  }
  if (state == Opened::unwritable) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "cannot open";
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
    // Keep serving what the file holds: read-only (immutable when even the WAL index cannot be created).
    for (const char* mode : {"?mode=ro", "?mode=ro&immutable=1"}) {
      sqlite3* ro = nullptr;
      const std::string uri = "file:" + path_ + mode;
      int rc = sqlite3_open_v2(uri.c_str(), &ro, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
      if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(ro, busy_ms_);
        const auto fmt = scalar(ro, "SELECT value FROM meta WHERE name = 'format'", rc);
        if (rc == SQLITE_OK && fmt == std::string("uptake-cache-1")) {
          read_only_ = ro;
          break;
        }
      }
      sqlite3_close(ro);
    }
    open_in_memory(path_ + " cannot be written (" + why + ")");
  }
}

ResponseCache::~ResponseCache() {
  if (db_) sqlite3_close(db_);
  if (read_only_) sqlite3_close(read_only_);
}

void ResponseCache::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw NetworkError("cache: " + msg + " (" + path_ + ")");
  }
}

void ResponseCache::open_in_memory(const std::string& why) {
  if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw NetworkError("cache: cannot open an in-memory cache");
  exec(kSchema);
  fallback_reason_ = "the response cache " + why + "; answers of this run are kept in memory only" +
                     (read_only_ ? " (the entries already in the file are still read)" : "") +
                     ". Set UPTAKE_CACHE_DIR to a writable folder to keep them";
}

ResponseCache::Opened ResponseCache::try_open() {
  int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) return is_damage(rc) ? Opened::damaged : Opened::unwritable;
  sqlite3_busy_timeout(db_, busy_ms_);
  const auto classify = [&](int code) -> std::optional<Opened> {
    if (code == SQLITE_OK) return std::nullopt;
    if (is_busy(code)) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw CacheBusyError("cache: " + path_ + " is locked by another process for longer than the busy timeout (" +
                           std::to_string(busy_ms_ / 1000.0).substr(0, 5) +
                           " s); it was left untouched. Try again when the other uptake finishes, or raise the "
                           "timeout (cache_timeout= or $UPTAKE_CACHE_TIMEOUT)");
    }
    const Opened state = is_damage(code) ? Opened::damaged : is_unwritable(code) ? Opened::unwritable : Opened::damaged;
    if (state == Opened::damaged || db_ == nullptr) {
      sqlite3_close(db_);
      db_ = nullptr;
    }
    return state;
  };
  // Reads first: an existing cache opens without taking the write lock another process may hold.
  auto fmt = scalar(db_, "SELECT value FROM meta WHERE name = 'format'", rc);
  if ((rc & 0xFF) == SQLITE_ERROR && !fmt) {
    // No meta table: a new (empty) file, or an SQLite file that is not ours (checked just below).
    rc = SQLITE_OK;
    const auto tables = scalar(db_, "SELECT COUNT(*) FROM sqlite_master", rc);
    if (auto s = classify(rc)) return *s;
    if (tables && *tables != "0") return Opened::damaged;
    if (auto s = classify(run_sql(db_, "PRAGMA journal_mode=WAL"))) return *s;
    if (auto s = classify(run_sql(db_, kSchema))) return *s;
    fmt = scalar(db_, "SELECT value FROM meta WHERE name = 'format'", rc);
  }
  if (auto s = classify(rc)) return *s;
  if (fmt != std::string("uptake-cache-1")) {
    sqlite3_close(db_);
    db_ = nullptr;
    return Opened::damaged;
  }
  const auto check = scalar(db_, "PRAGMA quick_check", rc);
  if (auto s = classify(rc)) return *s;
  if (check != std::string("ok")) {
    sqlite3_close(db_);
    db_ = nullptr;
    return Opened::damaged;
  }
  if (auto s = classify(run_sql(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"))) return *s;
  return Opened::ok;
}

std::optional<CachedResponse> ResponseCache::get(const std::string& key) {
  auto hit = get_from(db_, key);
  if (!hit && read_only_) hit = get_from(read_only_, key);
  return hit;
}

std::optional<CachedResponse> ResponseCache::get_from(sqlite3* db, const std::string& key) {
  Statement s(db, "SELECT url, status, headers, body, etag, last_modified, fetched_at FROM responses WHERE key = ?");
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
