# A build tree's archive (the release itself is scripts/release-archive's, same layout, with the
# static binary: docs/releasing.md): `cmake --build BUILD --target package` (or `cpack` in BUILD) writes
#   kubectl-migrate-<version>-linux-<arch>.tar.gz   and   <that>.sha256
# holding kubectl-migrate-<version>-linux-<arch>/{bin/kubectl-migrate, bin/kubectl_complete-migrate,
# README.md, LICENSE}. The version is the project() version in the top-level CMakeLists.txt, the only
# place it is written (docs/releasing.md).
install(PROGRAMS ${CMAKE_CURRENT_LIST_DIR}/kubectl_complete-migrate DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION . OPTIONAL)
# The project has not chosen a license yet: ship a placeholder saying so, never an invented one.
if(EXISTS ${PROJECT_SOURCE_DIR}/LICENSE)
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION .)
else()
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/LICENSE.placeholder DESTINATION . RENAME LICENSE)
endif()

string(TOLOWER "${CMAKE_SYSTEM_NAME}" km_os)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(km_arch amd64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(km_arch arm64)
else()
  set(km_arch ${CMAKE_SYSTEM_PROCESSOR})
endif()

set(CPACK_GENERATOR TGZ)
set(CPACK_PACKAGE_NAME kubectl-migrate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_FILE_NAME kubectl-migrate-${PROJECT_VERSION}-${km_os}-${km_arch})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Drizzle Kit migrations on Kubernetes, safely: a kubectl plugin")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
