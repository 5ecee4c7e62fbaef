#include "uptake/sources/xml.hpp"

#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>

namespace uptake::sources {

namespace {

constexpr std::size_t kMaxDepth = 256;

[[noreturn]] void fail(std::size_t at, const std::string& what) {
  throw std::invalid_argument("xml: " + what + " at byte " + std::to_string(at));
}

bool name_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80; }

void append_utf8(std::string& out, std::uint32_t cp, std::size_t at) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail(at, "invalid character reference");
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Character data with references decoded; `at` is the offset of `raw` in the document, for messages.
std::string decode(const std::string& raw, std::size_t at) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out.push_back(raw[i]);
      continue;
    }
    const auto semi = raw.find(';', i);
    if (semi == std::string::npos || semi - i > 12) fail(at + i, "unterminated reference");
    const std::string ref = raw.substr(i + 1, semi - i - 1);
    if (ref == "lt") out.push_back('<');
    else if (ref == "gt") out.push_back('>');
    else if (ref == "amp") out.push_back('&');
    else if (ref == "quot") out.push_back('"');
    else if (ref == "apos") out.push_back('\'');
    else if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string digits = ref.substr(hex ? 2 : 1);
      if (digits.empty() || digits.size() > 8) fail(at + i, "invalid character reference");
      std::uint32_t cp = 0;
      for (char c : digits) {
        const auto u = static_cast<unsigned char>(c);
        if (hex ? !std::isxdigit(u) : !std::isdigit(u)) fail(at + i, "invalid character reference");
        cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(std::isdigit(u) ? u - '0' : (std::tolower(u) - 'a' + 10));
      }
      append_utf8(out, cp, at + i);
    } else {
      fail(at + i, "entity '&" + ref + ";' is not expanded (only the predefined ones are)");
    }
    i = semi;
  }
  return out;
}

struct Open {
  XmlElement element;
  std::string qname;
  std::map<std::string, std::string> scope;  // prefix -> URI ("" = default namespace)
};

}  // namespace

const XmlElement* XmlElement::find(const std::string& uri, const std::string& name, bool deep) const {
  for (const auto& c : children) {
    if (c.ns == uri && c.local == name) return &c;
  }
  if (deep) {
    for (const auto& c : children) {
      if (const XmlElement* hit = c.find(uri, name, true)) return hit;
    }
  }
  return nullptr;
}

XmlElement parse_xml(const std::string& text) {
  std::vector<Open> stack;
  std::unique_ptr<XmlElement> root;
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;
  while (i < n) {
    if (text[i] != '<') {
      const auto next = text.find('<', i);
      const std::size_t end = next == std::string::npos ? n : next;
      const std::string raw = text.substr(i, end - i);
      if (stack.empty()) {
        if (raw.find_first_not_of(" \t\r\n") != std::string::npos) fail(i, "text outside the root element");
      } else {
        stack.back().element.text += decode(raw, i);
      }
      i = end;
      continue;
    }
    if (text.compare(i, 4, "<!--") == 0) {
      const auto end = text.find("-->", i + 4);
      if (end == std::string::npos) fail(i, "unterminated comment");
      i = end + 3;
    } else if (text.compare(i, 9, "<![CDATA[") == 0) {
      const auto end = text.find("]]>", i + 9);
      if (end == std::string::npos) fail(i, "unterminated CDATA section");
      if (stack.empty()) fail(i, "CDATA outside the root element");
      stack.back().element.text += text.substr(i + 9, end - i - 9);
      i = end + 3;
    } else if (text.compare(i, 2, "<?") == 0) {
      const auto end = text.find("?>", i + 2);
      if (end == std::string::npos) fail(i, "unterminated processing instruction");
      i = end + 2;
    } else if (text.compare(i, 2, "<!") == 0) {
      fail(i, "document type declarations are not accepted (no DTD or entity is processed)");
    } else if (text.compare(i, 2, "</") == 0) {
      std::size_t j = i + 2;
      while (j < n && name_char(static_cast<unsigned char>(text[j]))) ++j;
      const std::string qname = text.substr(i + 2, j - i - 2);
      while (j < n && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j >= n || text[j] != '>') fail(i, "malformed end tag");
      if (stack.empty() || stack.back().qname != qname) fail(i, "end tag </" + qname + "> does not match");
      XmlElement done = std::move(stack.back().element);
      stack.pop_back();
      if (stack.empty()) {
        if (root) fail(i, "more than one root element");
        root = std::make_unique<XmlElement>(std::move(done));
      } else {
        stack.back().element.children.push_back(std::move(done));
      }
      i = j + 1;
    } else {
      std::size_t j = i + 1;
      while (j < n && name_char(static_cast<unsigned char>(text[j]))) ++j;
      Open open;
      open.qname = text.substr(i + 1, j - i - 1);
      if (open.qname.empty()) fail(i, "malformed start tag");
      if (root) fail(i, "more than one root element");
      if (stack.size() >= kMaxDepth) fail(i, "elements nested too deeply");
      open.scope = stack.empty() ? std::map<std::string, std::string>{{"xml", "http://www.w3.org/XML/1998/namespace"}}
                                 : stack.back().scope;
      bool self_closing = false;
      while (true) {
        while (j < n && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
        if (j >= n) fail(i, "unterminated start tag");
        if (text[j] == '>') {
          ++j;
          break;
        }
        if (text[j] == '/') {
          if (j + 1 >= n || text[j + 1] != '>') fail(j, "malformed start tag");
          self_closing = true;
          j += 2;
          break;
        }
        const std::size_t a = j;
        while (j < n && name_char(static_cast<unsigned char>(text[j]))) ++j;
        const std::string aname = text.substr(a, j - a);
        while (j < n && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
        if (aname.empty() || j >= n || text[j] != '=') fail(a, "malformed attribute");
        ++j;
        while (j < n && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
        if (j >= n || (text[j] != '"' && text[j] != '\'')) fail(j, "attribute value without quotes");
        const char quote = text[j];
        const auto close = text.find(quote, j + 1);
        if (close == std::string::npos) fail(j, "unterminated attribute value");
        const std::string raw = text.substr(j + 1, close - j - 1);
        if (raw.find('<') != std::string::npos) fail(j, "'<' in an attribute value");
        const std::string value = decode(raw, j + 1);
        j = close + 1;
        if (aname == "xmlns") open.scope[""] = value;
        else if (aname.rfind("xmlns:", 0) == 0) open.scope[aname.substr(6)] = value;
        open.element.attributes.emplace_back(aname, value);
      }
      const auto colon = open.qname.find(':');
      const std::string prefix = colon == std::string::npos ? "" : open.qname.substr(0, colon);
      open.element.local = colon == std::string::npos ? open.qname : open.qname.substr(colon + 1);
      const auto uri = open.scope.find(prefix);
      if (uri == open.scope.end()) {
        if (!prefix.empty()) fail(i, "undeclared namespace prefix '" + prefix + "'");
      } else {
        open.element.ns = uri->second;
      }
      i = j;
      if (self_closing) {
        if (stack.empty()) {
          root = std::make_unique<XmlElement>(std::move(open.element));
        } else {
          stack.back().element.children.push_back(std::move(open.element));
        }
      } else {
        stack.push_back(std::move(open));
      }
    }
  }
  if (!stack.empty()) fail(n, "unclosed element <" + stack.back().qname + ">");
  if (!root) fail(0, "no root element");
  return std::move(*root);
}

}  // namespace uptake::sources
