#pragma once
// Error types of the core. Bad arguments are std::invalid_argument (ValueError in Python); the two
// domain failures below get their own types so the bindings can map them to uptake.NetworkError (an
// OSError) and uptake.ParseError (a ValueError) without string matching.
#include <stdexcept>
#include <string>

namespace uptake {

class NetworkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The response cache is locked by another process for longer than the busy timeout (a NetworkError, so
// callers that handle network trouble handle this too; the cache itself is intact).
class CacheBusyError : public NetworkError {
 public:
  using NetworkError::NetworkError;
};

class ParseError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace uptake
