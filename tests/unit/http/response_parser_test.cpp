// ResponseParser: framing, keep-alive decisions, malformed input, and the progress text
// used when a connection breaks. Every case is also fed one byte at a time, since a
// response may arrive split anywhere.
#include <string>
#include <vector>

#include "attest/http/detail/response_parser.hpp"
#include "support/catch.hpp"

using attest::http::detail::ResponseParser;
using State = ResponseParser::State;
using Framing = ResponseParser::Framing;

namespace {

// The parser after all of `bytes` in one piece, and (checked to agree) byte by byte.
ResponseParser Parse(const std::string& bytes, bool head = false) {
  ResponseParser whole(head);
  whole.Feed(bytes);
  ResponseParser split(head);
  for (char c : bytes) split.Feed(std::string(1, c));
  INFO("input: " << bytes);
  CHECK(split.GetState() == whole.GetState());
  // Bytes that cannot begin a response are refused as soon as they show it, so that
  // message quotes only what had arrived; every other message is the same.
  if (whole.Error().find("does not begin") == std::string::npos) CHECK(split.Error() == whole.Error());
  if (whole.GetState() == State::Complete) {
    CHECK(split.KeepAlive() == whole.KeepAlive());
    auto a = ResponseParser(whole).TakeResponse();
    auto b = split.TakeResponse();
    CHECK(a.status == b.status);
    CHECK(a.body == b.body);
    CHECK(a.headers == b.headers);
  }
  return whole;
}

}  // namespace

TEST_CASE("a Content-Length response is complete when its body is", "[http][parser]") {
  auto parser = Parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
  REQUIRE(parser.GetState() == State::Complete);
  CHECK(parser.GetFraming() == Framing::Length);
  CHECK(parser.KeepAlive());
  auto response = parser.TakeResponse();
  CHECK(response.status == 200);
  CHECK(response.body == "hello");
  CHECK(response.Header("content-type") == "text/plain");
  CHECK(response.Header("CONTENT-LENGTH") == "5");
  CHECK_FALSE(response.Header("Location").has_value());
}

TEST_CASE("a response missing part of its body needs more", "[http][parser]") {
  ResponseParser parser;
  CHECK(parser.Feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") == State::NeedMore);
  CHECK(parser.HeadersComplete());
  CHECK(parser.BodyBytes() == 3);
  CHECK(parser.FinishAtEof() == State::NeedMore);  // a close does not complete a counted body
  CHECK(parser.DescribeProgress() == "received the headers of a 200 and 3 of 10 bytes of its body");
}

TEST_CASE("bytes after a complete response make the connection unusable", "[http][parser]") {
  ResponseParser parser;
  CHECK(parser.Feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA") == State::Complete);
  CHECK(parser.ExtraBytes() == 5);
  CHECK_FALSE(parser.KeepAlive());
  CHECK(parser.TakeResponse().body == "ok");
}

TEST_CASE("a chunked body is joined, with extensions and trailers ignored", "[http][parser]") {
  auto parser = Parse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\n1A\r\n abcdefghijklmnopqrstuvwxy\r\n0\r\nTrailer: x\r\n\r\n");
  REQUIRE(parser.GetState() == State::Complete);
  CHECK(parser.GetFraming() == Framing::Chunked);
  CHECK(parser.KeepAlive());
  CHECK(parser.TakeResponse().body == "hello abcdefghijklmnopqrstuvwxy");
}

TEST_CASE("chunked wins over Content-Length", "[http][parser]") {
  auto parser = Parse(
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, "
      "chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
  REQUIRE(parser.GetState() == State::Complete);
  CHECK(parser.TakeResponse().body == "ok");
}

TEST_CASE("an unfinished chunked body says so", "[http][parser]") {
  ResponseParser parser;
  parser.Feed("HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbusy\r\n");
  CHECK(parser.FinishAtEof() == State::NeedMore);
  CHECK(parser.DescribeProgress() ==
        "received the headers of a 503 and 4 bytes of its chunked body, but not its last chunk");
}

TEST_CASE("without a length the body runs until the server closes", "[http][parser]") {
  ResponseParser parser;
  CHECK(parser.Feed("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of ") == State::NeedMore);
  CHECK(parser.Feed("it") == State::NeedMore);
  CHECK(parser.FinishAtEof() == State::Complete);
  CHECK(parser.GetFraming() == Framing::UntilClose);
  CHECK_FALSE(parser.KeepAlive());
  CHECK(parser.TakeResponse().body == "all of it");
}

TEST_CASE("a transfer coding other than chunked also runs until the close", "[http][parser]") {
  ResponseParser parser;
  parser.Feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabcdef");
  CHECK(parser.GetFraming() == Framing::UntilClose);
  CHECK(parser.FinishAtEof() == State::Complete);
  CHECK(parser.TakeResponse().body == "abcdef");
}

TEST_CASE("HEAD, 204 and 304 responses have no body whatever they announce", "[http][parser]") {
  auto head = Parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", true);
  REQUIRE(head.GetState() == State::Complete);
  CHECK(head.GetFraming() == Framing::None);
  CHECK(head.KeepAlive());
  for (const char* status : {"204 No Content", "304 Not Modified"}) {
    auto parser = Parse(std::string("HTTP/1.1 ") + status + "\r\nContent-Length: 7\r\n\r\n");
    REQUIRE(parser.GetState() == State::Complete);
    CHECK(parser.TakeResponse().body.empty());
  }
}

TEST_CASE("interim 1xx responses are skipped", "[http][parser]") {
  auto parser = Parse(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
      "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
  REQUIRE(parser.GetState() == State::Complete);
  auto response = parser.TakeResponse();
  CHECK(response.status == 201);
  CHECK(response.body == "ok");
  CHECK(response.headers.size() == 1);

  ResponseParser waiting;
  waiting.Feed("HTTP/1.1 100 Continue\r\n\r\n");
  CHECK(waiting.DescribeProgress() == "received an interim 100 response but not the final one");
}

TEST_CASE("keep-alive follows the version and the Connection header", "[http][parser]") {
  CHECK(Parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").KeepAlive());
  CHECK_FALSE(Parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").KeepAlive());
  CHECK_FALSE(
      Parse("HTTP/1.1 200 OK\r\nconnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n").KeepAlive());
  CHECK_FALSE(Parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").KeepAlive());
  CHECK(Parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").KeepAlive());
  CHECK_FALSE(Parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n").KeepAlive());
}

TEST_CASE("the server's Keep-Alive timeout is read", "[http][parser]") {
  auto parser = Parse("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=5\r\nContent-Length: 0\r\n\r\n");
  CHECK(parser.KeepAliveTimeout() == std::chrono::seconds(5));
  CHECK_FALSE(Parse("HTTP/1.1 200 OK\r\nKeep-Alive: max=5\r\nContent-Length: 0\r\n\r\n").KeepAliveTimeout());
}

TEST_CASE("headers: values trimmed, order and duplicates kept, folded lines joined", "[http][parser]") {
  auto parser = Parse(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Folded: one\r\n   two\r\nSet-Cookie:b=2  \r\nEmpty:\r\n"
      "Content-Length: 0\r\n\r\n");
  REQUIRE(parser.GetState() == State::Complete);
  const auto response = parser.TakeResponse();
  REQUIRE(response.headers.size() == 5);
  CHECK(response.headers[0] == std::pair<std::string, std::string>("Set-Cookie", "a=1"));
  CHECK(response.headers[1].second == "one two");
  CHECK(response.headers[2].second == "b=2");
  CHECK(response.Header("empty") == "");
}

TEST_CASE("bare LF line ends and a status line without a reason are accepted", "[http][parser]") {
  auto parser = Parse("HTTP/1.1 404\nContent-Length: 3\n\nnot");
  REQUIRE(parser.GetState() == State::Complete);
  auto response = parser.TakeResponse();
  CHECK(response.status == 404);
  CHECK(response.body == "not");
}

TEST_CASE("malformed responses fail with what is wrong", "[http][parser]") {
  struct Case {
    std::string input;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"SSH-2.0-OpenSSH_9.2\r\n",
       "the response does not begin with \"HTTP/\": \"SSH-2.0-OpenSSH_9.2\\r\\n\""},
      {"HTTP/2 200\r\n\r\n", "the status line is not HTTP/1.x: \"HTTP/2 200\""},
      {"HTTP/1.1 2000 OK\r\n\r\n", "the status line has no three-digit status code: \"HTTP/1.1 2000 OK\""},
      {"HTTP/1.1 abc OK\r\n\r\n", "the status line has no three-digit status code: \"HTTP/1.1 abc OK\""},
      {"HTTP/1.1 099 Low\r\n\r\n", "the status code 99 is not between 100 and 999"},
      {"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "a header line has no name and colon: \"No colon here\""},
      {"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "a header name contains white space: \"Bad Name: x\""},
      {"HTTP/1.1 200 OK\r\n folded first\r\n\r\n",
       "the first header line begins with white space: \" folded first\""},
      {"HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
       "the Content-Length header is not a number: \"12abc\""},
      {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "the Content-Length header is not a number: \"-1\""},
      {"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
       "the response has conflicting Content-Length values (3 and 4)"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
       "a chunk size of the chunked body is not a hexadecimal number: \"zz\""},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n",
       "a chunk of the chunked body does not end where its size says (found \"ay\")"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n",
       "the response body is larger than attest reads (256 MiB)"},
  };
  for (const auto& c : cases) {
    auto parser = Parse(c.input);
    INFO(c.input);
    CHECK(parser.GetState() == State::Failed);
    CHECK(parser.Error() == c.error);
  }
}

TEST_CASE("a header line without end fails once it is too long", "[http][parser]") {
  ResponseParser parser;
  parser.Feed("HTTP/1.1 200 OK\r\nX-Long: ");
  CHECK(parser.Feed(std::string(300 * 1024, 'x')) == State::Failed);
  CHECK(parser.Error() == "a line of the response is longer than 256 KiB");
}

TEST_CASE("identical repeated Content-Length values are accepted", "[http][parser]") {
  auto parser = Parse("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok");
  REQUIRE(parser.GetState() == State::Complete);
}

TEST_CASE("progress says how far a broken response got", "[http][parser]") {
  ResponseParser nothing;
  CHECK(nothing.DescribeProgress() == "no response byte received");
  ResponseParser partial_status;
  partial_status.Feed("HTTP/1.1 20");
  CHECK(partial_status.DescribeProgress() ==
        "received 11 bytes but not a whole status line: \"HTTP/1.1 20\"");
  ResponseParser partial_headers;
  partial_headers.Feed("HTTP/1.1 200 OK\r\nContent-Le");
  CHECK(partial_headers.DescribeProgress() == "received the status line of a 200 but not all its headers");
  CHECK(partial_headers.BytesReceived() == 27);
}
