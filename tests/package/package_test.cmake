# Run by ctest (see CMakeLists.txt): cmake -D... -P package_test.cmake. Fails with a message
# naming the step that went wrong.
cmake_minimum_required(VERSION 3.25)

function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package test: ${step} failed (${rc}):\n${out}\n${err}")
  endif()
  set(RUN_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

function(expect_file path)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "package test: ${path} was not installed or built")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

# 1. Install the library and the development files (the Tools component is not needed to build drivers).
foreach(component Runtime Development)
  run("cmake --install (${component})" ${CMAKE_COMMAND} --install "${CONDIS_BUILD_DIR}" --prefix "${prefix}" --component ${component})
endforeach()
foreach(f "${INCLUDEDIR}/ndis.h" "${INCLUDEDIR}/condis/host.hpp" "${LIBDIR}/libcondis.so"
          "${LIBDIR}/cmake/condis/condisConfig.cmake" "${LIBDIR}/cmake/condis/CondisDriver.cmake"
          "${LIBDIR}/pkgconfig/condis.pc")
  expect_file("${prefix}/${f}")
endforeach()

# 2. An out-of-tree driver project: find_package(condis) + condis_add_driver().
run("configure the driver project" ${CMAKE_COMMAND} -S "${PROJECT_DIR}" -B "${WORK_DIR}/project" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
run("build the driver project" ${CMAKE_COMMAND} --build "${WORK_DIR}/project")
expect_file("${WORK_DIR}/project/package_miniport.so")
if(NM)
  run("list the driver's exports" ${NM} -D --defined-only "${WORK_DIR}/project/package_miniport.so")
  if(NOT RUN_OUTPUT MATCHES "T DriverEntry")
    message(FATAL_ERROR "package test: package_miniport.so does not export DriverEntry:\n${RUN_OUTPUT}")
  endif()
  if(RUN_OUTPUT MATCHES "MiniportInitialize")
    message(FATAL_ERROR "package test: package_miniport.so exports more than DriverEntry:\n${RUN_OUTPUT}")
  endif()
endif()

# 3. The host built against the package runs the driver: registration, adapter up and down, no
# finding, nothing leaked.
run("run the driver under the installed condis" "${WORK_DIR}/project/package_host" "${WORK_DIR}/project/package_miniport.so")
if(NOT RUN_OUTPUT MATCHES "nothing left behind")
  message(FATAL_ERROR "package test: unexpected host output:\n${RUN_OUTPUT}")
endif()

# 4. pkg-config: the flags it gives compile and link a C file that calls into libcondis.
find_program(PKG_CONFIG pkg-config REQUIRED)
run("pkg-config" ${CMAKE_COMMAND} -E env "PKG_CONFIG_PATH=${prefix}/${LIBDIR}/pkgconfig"
    ${PKG_CONFIG} --cflags --libs condis)
string(STRIP "${RUN_OUTPUT}" flags)
if(NOT flags MATCHES "-I[^ ]*/include" OR NOT flags MATCHES "-lcondis")
  message(FATAL_ERROR "package test: unexpected pkg-config output: ${flags}")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run("compile with pkg-config flags" ${C_COMPILER} -std=c11 -Wall -Werror -fPIC -shared "${PKG_CONFIG_SOURCE}"
    -o "${WORK_DIR}/pkg_config_user.so" ${flags} -Wl,--no-undefined)
expect_file("${WORK_DIR}/pkg_config_user.so")
message(STATUS "package test: install, find_package(condis), condis_add_driver and pkg-config all work")
