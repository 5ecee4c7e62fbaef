#pragma once
// Text that leaves the engine (URLs, cache keys, error messages, headers) passes through here: secrets are
// blanked in every spelling a URL or form body can give them, and bytes that are not UTF-8 are replaced, so
// neither a credential nor a decoding error can escape into Python, the cache or a report.
#include <string>
#include <vector>

namespace uptake::fetch {

// Replaces each secret (3 characters or more) with "***" wherever it appears raw, percent-encoded (upper or
// lower case hex, any mix of encoded and literal characters) or form-encoded ('+' for a space).
std::string redact(std::string text, const std::vector<std::string>& secrets);

// The text with every invalid or truncated UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(const std::string& text);

}  // namespace uptake::fetch
