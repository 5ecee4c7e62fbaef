#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "uptake/sources/xml.hpp"

using uptake::sources::parse_xml;

TEST(Xml, NamespacesResolvedByUriWhateverThePrefix) {
  const auto root = parse_xml(
      "<?xml version='1.0'?><a:feed xmlns:a='urn:atom' xmlns='urn:default'><a:t x=\"1 &lt; 2\">hi &amp; bye</a:t>"
      "<plain/><n:c xmlns:n='urn:inner'>7</n:c></a:feed>");
  EXPECT_EQ(root.ns, "urn:atom");
  EXPECT_EQ(root.local, "feed");
  ASSERT_NE(root.find("urn:atom", "t"), nullptr);
  EXPECT_EQ(root.find("urn:atom", "t")->text, "hi & bye");
  EXPECT_EQ(root.find("urn:atom", "t")->attributes.at(0).second, "1 < 2");
  EXPECT_NE(root.find("urn:default", "plain"), nullptr);
  EXPECT_EQ(root.find("urn:inner", "c")->text, "7");
  EXPECT_EQ(root.find("urn:atom", "c"), nullptr);
}

TEST(Xml, CdataAndCharacterReferences) {
  const auto root = parse_xml("<r><![CDATA[<x> & y]]>&#65;&#x42;&#x20AC;</r>");
  EXPECT_EQ(root.text, "<x> & yAB\xE2\x82\xAC");
}

TEST(Xml, RefusesWhatCouldExpandOrIsMalformed) {
  for (const std::string bad :
       {"<!DOCTYPE r [<!ENTITY e 'x'>]><r>&e;</r>", "<r>&e;</r>", "<r>", "<r></s>", "<r/><r/>", "text", "<p:r/>",
        "<r a=1/>", "<r>&#0;</r>", "<r>&#x110000;</r>", "<r a='<'/>", ""}) {
    EXPECT_THROW(parse_xml(bad), std::invalid_argument) << bad;
  }
}

TEST(Xml, DepthIsBounded) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<a>";
  EXPECT_THROW(parse_xml(deep), std::invalid_argument);
}
