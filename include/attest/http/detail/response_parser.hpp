// Reads one HTTP/1.x response from the bytes a connection delivers, in pieces as they
// come: the status line, the headers, then a body framed by Content-Length, by chunked
// transfer coding, or by the end of the connection (RFC 9112, section 6.3). Interim
// 1xx responses are skipped; HEAD, 204 and 304 responses have no body.
//
// It also says how far it got, so that a connection that breaks can be described
// truly ("received the headers of a 200 and 10 of 120 body bytes"), and whether the
// connection may carry another request afterwards.
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "attest/http/message.hpp"

namespace attest::http::detail {

// The largest response attest reads; a server streaming without end must not exhaust
// the test's memory before the request timeout.
inline constexpr std::size_t kMaxResponseBody = std::size_t{256} << 20;
// The longest status or header line, and all header lines together.
inline constexpr std::size_t kMaxHeaderBytes = std::size_t{256} << 10;

inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

inline std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// True when the comma-separated list `value` (a Connection or Transfer-Encoding header)
// holds `token`, compared without case.
inline bool ListHasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    if (EqualsIgnoringCase(TrimSpaces(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// Shows up to `limit` bytes as a quoted C-style string, for error messages about bytes
// that are not what HTTP promises.
inline std::string QuoteBytes(std::string_view bytes, std::size_t limit = 40) {
  std::string out = "\"";
  for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (bytes.size() > limit) out += "...";
  return out;
}

class ResponseParser {
 public:
  enum class State { NeedMore, Complete, Failed };
  enum class Framing { Unknown, None, Length, Chunked, UntilClose };

  // `head_request`: the response to a HEAD has headers only, whatever they announce.
  explicit ResponseParser(bool head_request = false) : head_request_(head_request) {}

  // Takes the next bytes from the connection and parses as far as they go.
  State Feed(std::string_view bytes) {
    if (state_ != State::NeedMore) {
      extra_bytes_ += bytes.size();
      return state_;
    }
    received_ += bytes.size();
    if (phase_ == Phase::LengthBody && pos_ == buffer_.size()) {
      // The common case for a body: straight into it, no copy through the buffer.
      const std::size_t take = std::min(bytes.size(), body_remaining_);
      response_.body.append(bytes.data(), take);
      body_remaining_ -= take;
      extra_bytes_ += bytes.size() - take;
      if (body_remaining_ == 0) Finish();
      return state_;
    }
    buffer_.append(bytes.data(), bytes.size());
    Parse();
    return state_;
  }

  // The server closed the connection: a body read until the close is complete now;
  // anything else stays incomplete (the caller reports what arrived).
  State FinishAtEof() {
    if (state_ == State::NeedMore && phase_ == Phase::UntilCloseBody) Finish();
    return state_;
  }

  State GetState() const { return state_; }
  // Why the bytes are not an HTTP response (State::Failed).
  const std::string& Error() const { return error_; }

  // The response, once State::Complete.
  Response TakeResponse() { return std::move(response_); }

  // Whether the connection may carry another request after this response: HTTP/1.1
  // without "Connection: close", or HTTP/1.0 with "Connection: keep-alive", a body whose
  // end was announced, and nothing sent after it.
  bool KeepAlive() const {
    return state_ == State::Complete && keep_alive_ && framing_ != Framing::UntilClose && extra_bytes_ == 0;
  }
  // The idle time the server announced (Keep-Alive: timeout=N), if any.
  std::optional<std::chrono::seconds> KeepAliveTimeout() const { return keep_alive_timeout_; }

  // How far the response got, for messages about a connection that broke.
  std::size_t BytesReceived() const { return received_; }
  std::size_t ExtraBytes() const { return extra_bytes_; }
  bool StatusLineComplete() const { return status_line_done_; }
  bool HeadersComplete() const { return framing_ != Framing::Unknown; }
  int Status() const { return response_.status; }
  Framing GetFraming() const { return framing_; }
  std::size_t BodyBytes() const { return response_.body.size(); }
  std::size_t AnnouncedBodyBytes() const { return announced_length_; }  // Framing::Length

  // "received the headers of a 200 and 10 of 120 body bytes", "no response byte
  // received", ...: what arrived before the connection broke or the time ran out.
  std::string DescribeProgress() const {
    if (received_ == 0) return "no response byte received";
    const std::string status = std::to_string(response_.status);
    if (!status_line_done_ && interim_responses_ > 0 && pos_ == buffer_.size()) {
      return "received an interim " + std::to_string(last_interim_status_) +
             " response but not the final one";
    }
    if (!status_line_done_) {
      return "received " + Bytes(received_) + " but not a whole status line: " + QuoteBytes(buffer_);
    }
    if (!HeadersComplete()) return "received the status line of a " + status + " but not all its headers";
    switch (framing_) {
      case Framing::Length:
        return "received the headers of a " + status + " and " + std::to_string(response_.body.size()) +
               " of " + Bytes(announced_length_) + " of its body";
      case Framing::Chunked:
        return "received the headers of a " + status + " and " + Bytes(response_.body.size()) +
               " of its chunked body, but not its last chunk";
      default:
        return "received the headers of a " + status + " and " + Bytes(response_.body.size()) +
               " of its body";
    }
  }

 private:
  enum class Phase {
    StatusLine,
    Headers,
    LengthBody,
    ChunkSize,
    ChunkData,
    ChunkDataEnd,
    Trailers,
    UntilCloseBody
  };

  static std::string Bytes(std::size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

  void Fail(std::string why) {
    state_ = State::Failed;
    error_ = std::move(why);
  }

  void Finish() {
    state_ = State::Complete;
    extra_bytes_ += buffer_.size() - pos_;
    buffer_.clear();
    pos_ = 0;
  }

  // The next line without its CRLF (or bare LF), or nullopt until it is all there.
  std::optional<std::string_view> NextLine() {
    const auto newline = buffer_.find('\n', pos_);
    if (newline == std::string::npos) {
      if (buffer_.size() - pos_ > kMaxHeaderBytes) {
        Fail("a line of the response is longer than " + std::to_string(kMaxHeaderBytes >> 10) + " KiB");
      }
      return std::nullopt;
    }
    std::string_view line(buffer_.data() + pos_, newline - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = newline + 1;
    return line;
  }

  void Parse() {
    while (state_ == State::NeedMore) {
      if (!Step()) break;
    }
    if (state_ == State::NeedMore && pos_ > 0 && (pos_ == buffer_.size() || pos_ > (std::size_t{64} << 10))) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
  }

  // One step of the state machine; false when it needs more bytes.
  bool Step() {
    switch (phase_) {
      case Phase::StatusLine: {
        if (!LooksLikeHttp()) return false;
        auto line = NextLine();
        if (!line) return false;
        ParseStatusLine(*line);
        return true;
      }
      case Phase::Headers: {
        auto line = NextLine();
        if (!line) return false;
        if (line->empty()) {
          EndOfHeaders();
        } else {
          ParseHeaderLine(*line);
        }
        return true;
      }
      case Phase::LengthBody: {
        const std::size_t take = std::min(buffer_.size() - pos_, body_remaining_);
        response_.body.append(buffer_, pos_, take);
        pos_ += take;
        body_remaining_ -= take;
        if (body_remaining_ == 0) Finish();
        return false;
      }
      case Phase::ChunkSize: {
        auto line = NextLine();
        if (!line) return false;
        ParseChunkSize(*line);
        return true;
      }
      case Phase::ChunkData: {
        const std::size_t take = std::min(buffer_.size() - pos_, body_remaining_);
        response_.body.append(buffer_, pos_, take);
        pos_ += take;
        body_remaining_ -= take;
        if (body_remaining_ > 0) return false;
        phase_ = Phase::ChunkDataEnd;
        return true;
      }
      case Phase::ChunkDataEnd: {
        auto line = NextLine();
        if (!line) return false;
        if (!line->empty()) {
          Fail("a chunk of the chunked body does not end where its size says (found " + QuoteBytes(*line) +
               ")");
          return false;
        }
        phase_ = Phase::ChunkSize;
        return true;
      }
      case Phase::Trailers: {
        auto line = NextLine();
        if (!line) return false;
        if (line->empty()) Finish();  // trailer fields themselves are not kept
        return true;
      }
      case Phase::UntilCloseBody: {
        response_.body.append(buffer_, pos_, std::string::npos);
        pos_ = buffer_.size();
        if (response_.body.size() > kMaxResponseBody) Fail(TooLarge());
        return false;
      }
    }
    return false;
  }

  // Fails as soon as the first bytes cannot begin "HTTP/", rather than waiting for a
  // line end that a server speaking something else may never send.
  bool LooksLikeHttp() {
    static constexpr std::string_view kPrefix = "HTTP/";
    const std::size_t have = std::min(buffer_.size() - pos_, kPrefix.size());
    if (std::string_view(buffer_.data() + pos_, have) != kPrefix.substr(0, have)) {
      Fail("the response does not begin with \"HTTP/\": " +
           QuoteBytes(std::string_view(buffer_).substr(pos_)));
      return false;
    }
    return true;
  }

  void ParseStatusLine(std::string_view line) {
    // HTTP/1.1 200 OK
    if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[7] < '0' || line[7] > '9' ||
        line[8] != ' ') {
      Fail("the status line is not HTTP/1.x: " + QuoteBytes(line));
      return;
    }
    int status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
      if (line[i] < '0' || line[i] > '9') {
        Fail("the status line has no three-digit status code: " + QuoteBytes(line));
        return;
      }
      status = status * 10 + (line[i] - '0');
    }
    if (line.size() > 12 && line[12] != ' ') {
      Fail("the status line has no three-digit status code: " + QuoteBytes(line));
      return;
    }
    if (status < 100) {
      Fail("the status code " + std::to_string(status) + " is not between 100 and 999");
      return;
    }
    http_1_0_ = line[7] == '0';
    response_.status = status;
    status_line_done_ = true;
    header_bytes_ = line.size();
    phase_ = Phase::Headers;
  }

  void ParseHeaderLine(std::string_view line) {
    header_bytes_ += line.size();
    if (header_bytes_ > kMaxHeaderBytes) {
      Fail("the response headers are larger than " + std::to_string(kMaxHeaderBytes >> 10) + " KiB");
      return;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      // Obsolete line folding: the line continues the previous header's value.
      if (response_.headers.empty()) {
        Fail("the first header line begins with white space: " + QuoteBytes(line));
        return;
      }
      auto& value = response_.headers.back().second;
      value += ' ';
      value += TrimSpaces(line);
      return;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      Fail("a header line has no name and colon: " + QuoteBytes(line));
      return;
    }
    const std::string_view name = line.substr(0, colon);
    if (name.find_first_of(" \t") != std::string_view::npos) {
      Fail("a header name contains white space: " + QuoteBytes(line));
      return;
    }
    response_.headers.emplace_back(std::string(name), std::string(TrimSpaces(line.substr(colon + 1))));
  }

  void EndOfHeaders() {
    const int status = response_.status;
    if (status >= 100 && status < 200 && status != 101) {
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      ++interim_responses_;
      last_interim_status_ = status;
      response_ = Response{};
      status_line_done_ = false;
      phase_ = Phase::StatusLine;
      return;
    }
    bool close = false, keep_alive_token = false, chunked = false, other_coding = false;
    std::optional<std::size_t> length;
    for (const auto& [name, value] : response_.headers) {
      if (EqualsIgnoringCase(name, "Connection")) {
        close = close || ListHasToken(value, "close");
        keep_alive_token = keep_alive_token || ListHasToken(value, "keep-alive");
      } else if (EqualsIgnoringCase(name, "Transfer-Encoding")) {
        // Only a final "chunked" frames the body; any other coding runs to the close.
        const auto last_comma = value.rfind(',');
        const auto last =
            TrimSpaces(std::string_view(value).substr(last_comma == std::string::npos ? 0 : last_comma + 1));
        chunked = EqualsIgnoringCase(last, "chunked");
        other_coding = !chunked;
      } else if (EqualsIgnoringCase(name, "Content-Length")) {
        if (!ParseContentLength(value, length)) return;
      } else if (EqualsIgnoringCase(name, "Keep-Alive")) {
        ParseKeepAlive(value);
      }
    }
    keep_alive_ = !close && (!http_1_0_ || keep_alive_token) && status != 101;
    if (head_request_ || status == 204 || status == 304 || status == 101) {
      framing_ = Framing::None;
      Finish();
    } else if (chunked) {
      framing_ = Framing::Chunked;
      phase_ = Phase::ChunkSize;
    } else if (other_coding || !length) {
      framing_ = Framing::UntilClose;
      phase_ = Phase::UntilCloseBody;
    } else {
      framing_ = Framing::Length;
      announced_length_ = *length;
      if (*length > kMaxResponseBody) {
        Fail(TooLarge());
        return;
      }
      body_remaining_ = *length;
      response_.body.reserve(*length);
      phase_ = Phase::LengthBody;
      if (body_remaining_ == 0) Finish();
    }
  }

  // Content-Length: one decimal number; repeated values (in one header or several)
  // must all agree, or the body's end is unknowable.
  bool ParseContentLength(std::string_view value, std::optional<std::size_t>& length) {
    std::string_view rest = value;
    while (true) {
      const auto comma = rest.find(',');
      const std::string_view item = TrimSpaces(rest.substr(0, comma));
      std::size_t n = 0;
      bool valid = !item.empty() && item.size() <= 15;
      for (char c : item) {
        if (c < '0' || c > '9') valid = false;
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
      if (!valid) {
        Fail("the Content-Length header is not a number: " + QuoteBytes(value));
        return false;
      }
      if (length && *length != n) {
        Fail("the response has conflicting Content-Length values (" + std::to_string(*length) + " and " +
             std::to_string(n) + ")");
        return false;
      }
      length = n;
      if (comma == std::string_view::npos) return true;
      rest.remove_prefix(comma + 1);
    }
  }

  void ParseKeepAlive(std::string_view value) {
    while (!value.empty()) {
      const auto comma = value.find(',');
      const auto item = TrimSpaces(value.substr(0, comma));
      if (item.size() > 8 && EqualsIgnoringCase(item.substr(0, 8), "timeout=")) {
        long seconds = 0;
        bool valid = item.size() <= 14;
        for (char c : item.substr(8)) {
          if (c < '0' || c > '9') valid = false;
          seconds = seconds * 10 + (c - '0');
        }
        if (valid) keep_alive_timeout_ = std::chrono::seconds(seconds);
      }
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  }

  void ParseChunkSize(std::string_view line) {
    // chunk-size [; extensions]
    const auto digits = TrimSpaces(line.substr(0, line.find(';')));
    std::size_t size = 0;
    bool valid = !digits.empty() && digits.size() <= 15;
    for (char c : digits) {
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0) valid = false;
      size = size * 16 + static_cast<std::size_t>(v < 0 ? 0 : v);
    }
    if (!valid) {
      Fail("a chunk size of the chunked body is not a hexadecimal number: " + QuoteBytes(line));
      return;
    }
    if (size == 0) {
      phase_ = Phase::Trailers;
      return;
    }
    if (response_.body.size() + size > kMaxResponseBody) {
      Fail(TooLarge());
      return;
    }
    body_remaining_ = size;
    phase_ = Phase::ChunkData;
  }

  static std::string TooLarge() {
    return "the response body is larger than attest reads (" + std::to_string(kMaxResponseBody >> 20) +
           " MiB)";
  }

  bool head_request_;
  State state_ = State::NeedMore;
  Phase phase_ = Phase::StatusLine;
  Framing framing_ = Framing::Unknown;
  std::string error_;
  std::string buffer_;  // bytes not parsed yet (from pos_)
  std::size_t pos_ = 0;
  std::size_t received_ = 0;
  std::size_t extra_bytes_ = 0;  // bytes after the end of the response
  std::size_t header_bytes_ = 0;
  std::size_t body_remaining_ = 0;
  std::size_t announced_length_ = 0;
  bool status_line_done_ = false;
  int interim_responses_ = 0;
  int last_interim_status_ = 0;
  bool http_1_0_ = false;
  bool keep_alive_ = false;
  std::optional<std::chrono::seconds> keep_alive_timeout_;
  Response response_;
};

}  // namespace attest::http::detail
