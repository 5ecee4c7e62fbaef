#pragma once
namespace uptake {
// The package version (from pyproject.toml via CMake); also names uptake in the HTTP User-Agent.
const char* version() noexcept;
}  // namespace uptake
