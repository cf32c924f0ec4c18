// A small, strict XML 1.0 reader for the JUnit tests: it parses what the reporter
// wrote back into elements, so tests check structure and unescaped values rather than
// string fragments, and it rejects what a CI's parser would reject (bad nesting,
// unescaped '<' or '&', characters XML 1.0 forbids, invalid UTF-8).
#pragma once

#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace attest_test {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<XmlElement> children;
  std::string text;  // character data directly inside, unescaped

  const XmlElement& Child(const std::string& child_name, std::size_t nth = 0) const {
    for (const XmlElement& child : children) {
      if (child.name == child_name && nth-- == 0) return child;
    }
    throw std::runtime_error("<" + name + "> has no child <" + child_name + ">");
  }
  std::size_t Count(const std::string& child_name) const {
    std::size_t n = 0;
    for (const XmlElement& child : children) n += child.name == child_name;
    return n;
  }
  const std::string& Attr(const std::string& attribute) const {
    const auto found = attributes.find(attribute);
    if (found == attributes.end()) {
      throw std::runtime_error("<" + name + "> has no attribute " + attribute);
    }
    return found->second;
  }
};

class XmlReader {
 public:
  static XmlElement Parse(const std::string& document) {
    XmlReader reader(document);
    return reader.Document();
  }

 private:
  explicit XmlReader(const std::string& text) : text_(text) {}

  [[noreturn]] void Fail(const std::string& why) const {
    throw std::runtime_error("XML error at byte " + std::to_string(at_) + ": " + why);
  }

  static bool IsXmlChar(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
  }

  // Decodes one UTF-8 character at at_, checking it is a legal XML character.
  std::uint32_t NextChar() {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text_[at_ + k]); };
    std::uint32_t c = b(0);
    std::size_t n = 1;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0) {
        n = 2;
        c &= 0x1F;
      } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        c &= 0x0F;
      } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        c &= 0x07;
      } else
        Fail("invalid UTF-8 lead byte");
      if (at_ + n > text_.size()) Fail("truncated UTF-8");
      for (std::size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0) != 0x80) Fail("invalid UTF-8 continuation");
        c = (c << 6) | (b(k) & 0x3F);
      }
      static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      if (c < kMin[n]) Fail("overlong UTF-8");
    }
    if (!IsXmlChar(c)) Fail("character U+" + std::to_string(c) + " is not allowed in XML 1.0");
    at_ += n;
    return c;
  }

  static void AppendUtf8(std::string& out, std::uint32_t c) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }

  bool StartsWith(const std::string& s) const { return text_.compare(at_, s.size(), s) == 0; }
  void Expect(const std::string& s) {
    if (!StartsWith(s)) Fail("expected '" + s + "'");
    at_ += s.size();
  }
  void SkipSpace() {
    while (at_ < text_.size() && std::string(" \t\r\n").find(text_[at_]) != std::string::npos) ++at_;
  }
  std::string Name() {
    const std::size_t start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '-' ||
                                  text_[at_] == '_' || text_[at_] == ':' || text_[at_] == '.')) {
      ++at_;
    }
    if (start == at_) Fail("expected a name");
    return text_.substr(start, at_ - start);
  }

  void Reference(std::string& out) {
    Expect("&");
    const std::size_t end = text_.find(';', at_);
    if (end == std::string::npos) Fail("unterminated reference");
    const std::string ref = text_.substr(at_, end - at_);
    at_ = end + 1;
    if (ref == "amp")
      out += '&';
    else if (ref == "lt")
      out += '<';
    else if (ref == "gt")
      out += '>';
    else if (ref == "quot")
      out += '"';
    else if (ref == "apos")
      out += '\'';
    else if (!ref.empty() && ref[0] == '#') {
      const bool hex = ref.size() > 1 && ref[1] == 'x';
      const std::uint32_t c =
          static_cast<std::uint32_t>(std::stoul(ref.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10));
      if (!IsXmlChar(c)) Fail("character reference &" + ref + "; is not allowed in XML 1.0");
      AppendUtf8(out, c);
    } else {
      Fail("unknown entity &" + ref + ";");
    }
  }

  XmlElement Document() {
    Expect("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    SkipSpace();
    XmlElement root = Element();
    SkipSpace();
    if (at_ != text_.size()) Fail("content after the root element");
    return root;
  }

  XmlElement Element() {
    Expect("<");
    XmlElement element;
    element.name = Name();
    while (true) {
      SkipSpace();
      if (StartsWith("/>")) {
        at_ += 2;
        return element;
      }
      if (StartsWith(">")) {
        ++at_;
        break;
      }
      const std::string attribute = Name();
      Expect("=\"");
      std::string value;
      while (at_ < text_.size() && text_[at_] != '"') {
        if (text_[at_] == '<') Fail("'<' in an attribute value");
        if (text_[at_] == '&') {
          Reference(value);
          continue;
        }
        const std::uint32_t c = NextChar();
        // Attribute-value normalisation: literal whitespace becomes a space.
        AppendUtf8(value, (c == '\n' || c == '\t' || c == '\r') ? ' ' : c);
      }
      Expect("\"");
      if (!element.attributes.emplace(attribute, value).second) Fail("duplicate attribute");
    }
    while (true) {
      if (at_ >= text_.size()) Fail("unterminated <" + element.name + ">");
      if (StartsWith("</")) {
        at_ += 2;
        if (Name() != element.name) Fail("mismatched end tag for <" + element.name + ">");
        SkipSpace();
        Expect(">");
        return element;
      }
      if (text_[at_] == '<') {
        element.children.push_back(Element());
      } else if (text_[at_] == '&') {
        Reference(element.text);
      } else {
        if (text_[at_] == '>' && at_ >= 2 && text_.compare(at_ - 2, 2, "]]") == 0) Fail("]]>");
        AppendUtf8(element.text, NextChar());
      }
    }
  }

  const std::string& text_;
  std::size_t at_ = 0;
};

}  // namespace attest_test
