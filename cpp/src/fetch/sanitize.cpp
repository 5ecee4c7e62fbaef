#include "uptake/fetch/sanitize.hpp"

#include <cstddef>

namespace uptake::fetch {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the text at `pos` that spells secret[from..] in any mix of literal, %XX and '+' (space) forms;
// 0 when it does not. Encoders disagree on which characters to escape (RFC 3986, forms, JavaScript), so each
// character is accepted in every form. Only a literal '%' that could also start an escape needs both tries.
std::size_t match_at(const std::string& text, std::size_t pos, const std::string& secret, std::size_t from) {
  std::size_t p = pos;
  for (std::size_t i = from; i < secret.size(); ++i) {
    if (p >= text.size()) return 0;
    const char c = secret[i];
    const char t = text[p];
    if (t == '%' && p + 2 < text.size()) {
      const int hi = hex_value(text[p + 1]);
      const int lo = hex_value(text[p + 2]);
      if (hi >= 0 && lo >= 0 && static_cast<char>(hi * 16 + lo) == c) {
        if (c != '%') {
          p += 3;
          continue;
        }
        const std::size_t rest = match_at(text, p + 3, secret, i + 1);
        if (rest > 0 || i + 1 == secret.size()) return p + 3 + rest - pos;
      }
    }
    if (t == c || (c == ' ' && t == '+')) {
      ++p;
      continue;
    }
    return 0;
  }
  return p - pos;
}

bool could_start(char t, char first) {
  return t == first || t == '%' || (first == ' ' && t == '+');
}

}  // namespace

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    if (s.size() < 3) continue;  // refuse to blank out trivially short strings everywhere
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t n = could_start(text[pos], s[0]) ? match_at(text, pos, s, 0) : 0;
      if (n > 0) {
        out += "***";
        pos += n;
      } else {
        out.push_back(text[pos++]);
      }
    }
    text = std::move(out);
  }
  return text;
}

std::string valid_utf8(const std::string& text) {
  static const char kReplacement[] = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = byte(i);
    std::size_t len = 0;
    unsigned int min = 0;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000;
    }
    bool ok = len > 0 && i + len <= text.size();
    unsigned int cp = len > 0 ? (c & (0x7F >> len)) : 0;
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (byte(i + k) & 0xC0) == 0x80;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      out.append(text, i, len);
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

}  // namespace uptake::fetch
