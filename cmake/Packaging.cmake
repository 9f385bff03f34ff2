# `cpack -G DEB` in the build folder makes vigie_<version>_<arch>.deb from
# every install rule of the project: the commands, the library with its
# headers and CMake package, the man pages and shell completions, and what
# later parts install (give them destinations relative to the prefix, such
# as lib/python3/dist-packages: the package installs under /usr).
# Run-time dependencies come from dpkg-shlibdeps; a part that needs more
# (python3 for a Python module) adds Debian package names, from any
# directory, with
#   set_property(GLOBAL APPEND PROPERTY VIGIE_DEB_DEPENDS python3)
# tests/package/check_deb.sh builds and tries the package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vigie)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Vigie")
set(CPACK_PACKAGE_CONTACT "Vigie maintainers <vigie@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search engine for French alert communiqués (Xapian)")
set(CPACK_PACKAGE_DESCRIPTION "Vigie indexes French alert communiqués (press releases, security alerts
and advisories) into a French-stemmed Xapian index with vigie-index, and
answers queries with highlighted snippets and date filters with
vigie-search, as text, JSON or TSV. The vigie C++ library, its headers and
CMake package embed the same search in other programs.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/StripStaticLibraries.cmake)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
get_property(vigie_deb_depends GLOBAL PROPERTY VIGIE_DEB_DEPENDS)
if(vigie_deb_depends)
  list(JOIN vigie_deb_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
endif()
# Building a program against the library (find_package(Vigie)) takes the
# development packages of what it links.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
  "cmake, pkg-config, g++, libxapian-dev, libfmt-dev, nlohmann-json3-dev, libutf8proc-dev, libzstd-dev, xapian-tools")
include(CPack)
