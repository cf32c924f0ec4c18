// The floor a suite file is measured against: one translation unit that includes the
// three headers attest was built on (cpp-httplib, nlohmann/json, fmt) and nothing else.
#include <httplib.h>
#include <nlohmann/json.hpp>
#if __has_include(<fmt/format.h>)
#include <fmt/format.h>
#endif

int main() { return 0; }
