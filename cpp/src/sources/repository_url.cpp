#include "uptake/sources/repository_url.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace uptake::sources {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool valid_segment(const std::string& s) {
  return !s.empty() && s != "." && s != ".." && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

// First path segments GitHub reserves for its own pages: a link there is not a repository.
bool reserved_owner(const std::string& owner) {
  static const std::array<const char*, 14> kReserved = {"orgs", "sponsors", "features", "marketplace", "topics",
                                                        "collections", "explore", "settings", "login", "about",
                                                        "pricing", "site", "apps", "users"};
  const std::string o = lower(owner);
  return std::any_of(kReserved.begin(), kReserved.end(), [&](const char* r) { return o == r; });
}

std::string owner_repo(const std::string& path) {
  std::string p = path;
  const auto cut = p.find_first_of("?#");
  if (cut != std::string::npos) p.resize(cut);
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  const auto slash = p.find('/');
  if (slash == std::string::npos) return "";
  const std::string owner = p.substr(0, slash);
  std::string repo = p.substr(slash + 1);
  const auto end = repo.find('/');
  if (end != std::string::npos) repo.resize(end);
  if (repo.size() > 4 && lower(repo.substr(repo.size() - 4)) == ".git") repo.resize(repo.size() - 4);
  if (!valid_segment(owner) || !valid_segment(repo) || reserved_owner(owner)) return "";
  return owner + "/" + repo;
}

}  // namespace

std::string github_repository(const std::string& url, bool allow_shorthand) {
  std::string u = url;
  while (!u.empty() && std::isspace(static_cast<unsigned char>(u.front()))) u.erase(0, 1);
  while (!u.empty() && std::isspace(static_cast<unsigned char>(u.back()))) u.pop_back();
  std::string l = lower(u);
  if (starts_with(l, "git+")) {
    u.erase(0, 4);
    l.erase(0, 4);
  }
  if (starts_with(l, "git@github.com:")) return owner_repo(u.substr(15));
  for (const char* scheme : {"https://", "http://", "git://", "ssh://", "git+ssh://"}) {
    const std::string s(scheme);
    if (!starts_with(l, s)) continue;
    std::string rest = u.substr(s.size());
    std::string lrest = l.substr(s.size());
    const auto at = lrest.find('@');
    const auto slash = lrest.find('/');
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      rest.erase(0, at + 1);
      lrest.erase(0, at + 1);
    }
    for (const char* host : {"www.github.com/", "github.com/", "github.com:"}) {
      if (starts_with(lrest, host)) return owner_repo(rest.substr(std::string(host).size()));
    }
    return "";
  }
  if (!allow_shorthand) return "";
  if (starts_with(l, "github:")) return owner_repo(u.substr(7));
  if (l.find(':') != std::string::npos) return "";  // gitlab:, bitbucket:, gist: or another scheme
  if (std::count(u.begin(), u.end(), '/') != 1) return "";
  return owner_repo(u);
}

}  // namespace uptake::sources
