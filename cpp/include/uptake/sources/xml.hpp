#pragma once
// A small, safe XML reader for API answers (arXiv's Atom feeds): elements with namespace-resolved names
// (any prefix, inline and default declarations), attributes, text (character references, CDATA, the five
// predefined entities). No DTD is processed and no other entity is expanded: a document declaring one is
// refused, so nothing can pull in files or blow up in size. Depth is bounded; errors name the byte offset.
#include <string>
#include <utility>
#include <vector>

namespace uptake::sources {

struct XmlElement {
  std::string ns;     // namespace URI ("" when none)
  std::string local;  // name without prefix
  std::vector<std::pair<std::string, std::string>> attributes;  // qualified names as written, values decoded
  std::string text;   // the element's own character data, concatenated
  std::vector<XmlElement> children;

  // The first child (or, with deep, descendant) with this namespace URI and local name, or nullptr.
  const XmlElement* find(const std::string& uri, const std::string& name, bool deep = false) const;
};

// Parses a whole document and returns its root element; throws std::invalid_argument on malformed input.
XmlElement parse_xml(const std::string& text);

}  // namespace uptake::sources
