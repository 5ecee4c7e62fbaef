# Find first, fetch second. System -dev packages are used when present (Debian, Kaggle); Eigen, nlohmann/json
# and Boost.Math are fetched for machines that lack them (Colab). libcurl is never fetched: building it means
# building a TLS stack, so a missing libcurl is a clear error naming the package to install.
include(FetchContent)

FetchContent_Declare(Eigen3
  URL https://gitlab.com/libeigen/eigen/-/archive/3.4.0/eigen-3.4.0.tar.gz
  URL_HASH SHA256=8586084f71f9bde545ee7fa6d00288b264a2b7ac3607b974e54d13e7162c1c72
  SOURCE_SUBDIR _uptake_headers_only
  FIND_PACKAGE_ARGS 3.3 NAMES Eigen3 CONFIG)
FetchContent_MakeAvailable(Eigen3)
if(NOT TARGET Eigen3::Eigen)
  add_library(Eigen3::Eigen INTERFACE IMPORTED GLOBAL)
  set_target_properties(Eigen3::Eigen PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${eigen3_SOURCE_DIR}")
endif()

FetchContent_Declare(nlohmann_json
  URL https://github.com/nlohmann/json/releases/download/v3.11.3/json.tar.xz
  URL_HASH SHA256=d6c65aca6b1ed68e7a182f4757257b107ae403032760ed6ef121c9d55e81757d
  FIND_PACKAGE_ARGS 3.10 NAMES nlohmann_json CONFIG)
FetchContent_MakeAvailable(nlohmann_json)

find_package(Boost 1.71 CONFIG QUIET)
if(TARGET Boost::headers)
  set(UPTAKE_BOOST_TARGET Boost::headers)
else()
  FetchContent_Declare(boost_math
    URL https://github.com/boostorg/math/archive/refs/tags/boost-1.86.0.tar.gz
    SOURCE_SUBDIR _uptake_headers_only)
  FetchContent_MakeAvailable(boost_math)
  add_library(uptake_boost_math INTERFACE)
  target_include_directories(uptake_boost_math SYSTEM INTERFACE "${boost_math_SOURCE_DIR}/include")
  target_compile_definitions(uptake_boost_math INTERFACE BOOST_MATH_STANDALONE)
  set(UPTAKE_BOOST_TARGET uptake_boost_math)
endif()

find_package(SQLite3 QUIET)
if(NOT SQLite3_FOUND)
  message(FATAL_ERROR "uptake needs SQLite3 headers: install libsqlite3-dev (Debian/Ubuntu), sqlite-devel (Fedora) or sqlite (Homebrew).")
endif()
# CMake 4.3 renamed the imported target; older CMake (Debian's 3.25) only has the old name.
if(TARGET SQLite3::SQLite3)
  set(UPTAKE_SQLITE_TARGET SQLite3::SQLite3)
else()
  set(UPTAKE_SQLITE_TARGET SQLite::SQLite3)
endif()

find_package(CURL QUIET)
if(NOT CURL_FOUND)
  message(FATAL_ERROR "uptake needs libcurl with headers: install libcurl4-openssl-dev (Debian/Ubuntu), libcurl-devel (Fedora/RHEL) or curl (Homebrew).")
endif()

find_package(Threads REQUIRED)
