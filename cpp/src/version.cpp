#include "uptake/version.hpp"

namespace uptake {
const char* version() noexcept { return UPTAKE_VERSION_STRING; }
}  // namespace uptake
