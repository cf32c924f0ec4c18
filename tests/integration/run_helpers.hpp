// Moved to support/run_helpers.hpp (shared by every test folder); this forward keeps
// code written against the old path building. New code includes the support header.
#pragma once

#include "support/run_helpers.hpp"
