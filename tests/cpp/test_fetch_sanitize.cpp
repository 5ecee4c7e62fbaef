// Redaction in every spelling, and UTF-8 repair of server text, on their own (the engine applies both to every
// URL, cache key and error message it produces).
#include <gtest/gtest.h>

#include <string>

#include "uptake/fetch/engine.hpp"
#include "uptake/fetch/sanitize.hpp"

using uptake::fetch::redact;
using uptake::fetch::valid_utf8;

TEST(Redact, EverySpelling) {
  const std::string key = "a+b/c=d&e ~(";
  for (const std::string spelled : {"a+b/c=d&e ~(", "a%2Bb%2Fc%3Dd%26e%20~%28", "a%2bb%2fc%3dd%26e+%7e%28",
                                    "a%2Bb/c%3Dd&e+~("}) {
    EXPECT_EQ(redact("x=" + spelled + "&y=1", {key}), "x=***&y=1") << spelled;
  }
}

TEST(Redact, LiteralPercentAndNearMisses) {
  EXPECT_EQ(redact("%25 and %2525", {"%25"}), "*** and ***");
  EXPECT_EQ(redact("abc%2Bdez", {"abc+def"}), "abc%2Bdez");
  EXPECT_EQ(redact("short ab", {"ab"}), "short ab");
}

TEST(Redact, CacheKeyHoldsNoSpelling) {
  uptake::fetch::Request r;
  r.url = "http://h/x?q=1&k=U4DMV%2A8nvpm3EOpvf69Rxw%28%28";
  r.body = "token=U4DMV*8nvpm3EOpvf69Rxw((";
  r.secrets = {"U4DMV*8nvpm3EOpvf69Rxw(("};
  const std::string key = uptake::fetch::cache_key(r);
  EXPECT_EQ(key.find("U4DMV"), std::string::npos) << key;
  EXPECT_NE(key.find("q=1"), std::string::npos);
}

TEST(ValidUtf8, RepairsWithoutLosingGoodText) {
  EXPECT_EQ(valid_utf8("caf\xE9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("ok \xC3\xA9"), "ok \xC3\xA9");
  EXPECT_EQ(valid_utf8("cut \xC3"), "cut \xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");       // overlong
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}
