// attest: black-box tests for distributed systems.
//
//   #include <attest/attest.hpp>
//   using namespace attest;
//
// This umbrella header brings the DSL (Suite, Do, Check, matchers, selectors), the
// reporters and the challenge runner. Scenario tests live in <attest/dst.hpp>.
#pragma once

#include "attest/cluster/docker.hpp"
#include "attest/config/suite_config.hpp"
#include "attest/dsl/check.hpp"
#include "attest/dsl/do.hpp"
#include "attest/dsl/json_path.hpp"
#include "attest/dsl/matchers.hpp"
#include "attest/dsl/options.hpp"
#include "attest/dsl/selector.hpp"
#include "attest/dsl/suite.hpp"
#include "attest/error.hpp"
#include "attest/report/console.hpp"
#include "attest/report/junit.hpp"
#include "attest/runner/main.hpp"
#include "attest/runner/registry.hpp"
#include "attest/version.hpp"
