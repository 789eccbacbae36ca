# The release binary (docs/releasing.md): kubectl-migrate with every library but glibc linked from
# Debian's own static archives (.a), libstdc++ and libgcc too, so that its only NEEDED entries are
# libc.so.6, libm.so.6 and the loader, and it starts on any glibc >= 2.34 (ubuntu-22.04, RHEL 9,
# Debian 12). tests/ship/static_test proves that.
#
#   -DKM_STATIC=ON   kubectl-migrate itself is linked so (the release build: scripts/release-archive)
#   otherwise        a test build also links kubectl-migrate-static, the same objects linked so,
#                    for ship.static (one more link step, no more compiling)
#
# The archives come from Debian's -dev packages (scripts/install-deps); libpgcommon_shlib.a and
# libpgport_shlib.a, which libpq.a needs, from postgresql-server-dev-<major> (KM_PG_LIBDIR points
# elsewhere, e.g. for a cross build). The list is in static link order: each library before the
# ones it uses. The objects in kubectl-migrate/static/ stand in for what those archives leave out:
# Kerberos/LDAP/RTMP entry points (absent_features.c), and glibc 2.35's _dl_find_object and
# 2.36's arc4random (glibc_2_34.c).
enable_language(C)
find_package(Threads REQUIRED)

set(km_static_names
  yaml-cpp
  pq pgcommon_shlib pgport_shlib
  git2 mbedtls mbedx509 mbedcrypto http_parser pcre2-8
  curl nghttp2 ssh2 psl idn2 unistring zstd brotlidec brotlicommon
  ssl crypto z)
file(GLOB km_pg_libdirs /usr/lib/postgresql/*/lib)
set(km_static_libraries)
foreach(name IN LISTS km_static_names)
  string(MAKE_C_IDENTIFIER "KM_STATIC_LIB_${name}" var)
  find_library(${var} NAMES lib${name}.a HINTS ${KM_PG_LIBDIR} ${km_pg_libdirs} REQUIRED)
  list(APPEND km_static_libraries ${${var}})
endforeach()

# libpg_query.a carries its own copies of PostgreSQL's src/common (pg_wchar_table, strtoint, ...),
# from another PostgreSQL version than libpq's libpgcommon: one relocatable object of the whole
# archive with every symbol but the pg_query_* API made local keeps the two apart (the shared
# libpq hides its copies the same way).
find_library(KM_STATIC_LIB_pg_query NAMES libpg_query.a REQUIRED)
set(km_pg_query_object ${CMAKE_BINARY_DIR}/pg_query_private.o)
add_custom_command(OUTPUT ${km_pg_query_object}
  COMMAND ${CMAKE_LINKER} -r --whole-archive ${KM_STATIC_LIB_pg_query} -o ${km_pg_query_object}.all
  COMMAND ${CMAKE_OBJCOPY} --wildcard --keep-global-symbol=pg_query_* ${km_pg_query_object}.all
    ${km_pg_query_object}
  COMMAND ${CMAKE_COMMAND} -E rm ${km_pg_query_object}.all
  DEPENDS ${KM_STATIC_LIB_pg_query}
  COMMENT "libpg_query.a with only pg_query_* global")
add_custom_target(km_pg_query_private DEPENDS ${km_pg_query_object})

add_library(km_static_deps INTERFACE)
add_dependencies(km_static_deps km_pg_query_private)
target_sources(km_static_deps INTERFACE
  ${PROJECT_SOURCE_DIR}/kubectl-migrate/static/absent_features.c
  ${PROJECT_SOURCE_DIR}/kubectl-migrate/static/glibc_2_34.c)
target_link_libraries(km_static_deps INTERFACE ${km_pg_query_object} ${km_static_libraries} m dl
  Threads::Threads)
target_link_options(km_static_deps INTERFACE -static-libstdc++ -static-libgcc)

# NAME: an executable of main.cc and km's objects, linked against the static archives only
# (not through km, whose link interface names the shared libraries).
function(km_add_static_executable name)
  add_executable(${name} ${PROJECT_SOURCE_DIR}/kubectl-migrate/main.cc $<TARGET_OBJECTS:km>)
  target_include_directories(${name} PRIVATE $<TARGET_PROPERTY:km,INTERFACE_INCLUDE_DIRECTORIES>)
  target_link_libraries(${name} PRIVATE km_static_deps)
  add_dependencies(${name} km_pg_query_private)
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${km_pg_query_object})
endfunction()
