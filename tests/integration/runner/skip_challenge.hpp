// Shared by skip_challenge.cpp and skip_test.cpp.
#pragma once

#include <string>

// Where the "passes" and "fails" stages find their node ("127.0.0.1:PORT").
std::string& SkipTestServerAddress();
