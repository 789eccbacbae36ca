# Cross build for linux/arm64 on a Debian 12 amd64 machine (scripts/release-archive arm64):
# Debian's aarch64-linux-gnu-gcc/g++ (crossbuild-essential-arm64) with its arm64 glibc, and the
# arm64 -dev packages unpacked by scripts/cross-sysroot into KM_CROSS_SYSROOT.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

if(NOT KM_CROSS_SYSROOT)
  set(KM_CROSS_SYSROOT "$ENV{KM_CROSS_SYSROOT}")
endif()
if(NOT IS_DIRECTORY "${KM_CROSS_SYSROOT}/usr/include")
  message(FATAL_ERROR "KM_CROSS_SYSROOT (${KM_CROSS_SYSROOT}) is not a folder made by scripts/cross-sysroot arm64")
endif()
# Try-compiles see the same settings.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES KM_CROSS_SYSROOT)

# Headers and libraries: the unpacked packages, then the cross toolchain's own; never the host's.
set(CMAKE_FIND_ROOT_PATH "${KM_CROSS_SYSROOT}" /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(km_cross_includes
  "-isystem ${KM_CROSS_SYSROOT}/usr/include/aarch64-linux-gnu -isystem ${KM_CROSS_SYSROOT}/usr/include")
set(CMAKE_C_FLAGS_INIT "${km_cross_includes}")
set(CMAKE_CXX_FLAGS_INIT "${km_cross_includes}")
set(KM_PG_LIBDIR "${KM_CROSS_SYSROOT}/usr/lib/postgresql/15/lib")

# pkg-config reads the arm64 .pc files and prefixes their paths with the folder.
set(ENV{PKG_CONFIG_LIBDIR} "${KM_CROSS_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${KM_CROSS_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${KM_CROSS_SYSROOT}")
