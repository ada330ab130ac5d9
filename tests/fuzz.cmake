# fuzz.cmake - libFuzzer targets and their corpus replays.
#
# Every tests/fuzz/fuzz_<name>.c defines LLVMFuzzerTestOneInput. It is always
# built as replay_<name> (any compiler), linked with fuzz/replay_main.c, and
# registered as the ctest fuzz.replay.<name> that replays
# tests/fuzz/corpus/<name>/ (label "fuzz"). With -DCRM_ENABLE_FUZZ=ON and clang,
# it is also built as the libFuzzer binary fuzz_<name>
# (-fsanitize=fuzzer,address,undefined); crm_core is then instrumented too, so
# use a build directory of its own for that.
set(CRM_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
file(GLOB CRM_FUZZ_TARGETS CONFIGURE_DEPENDS ${CRM_FUZZ_DIR}/fuzz_*.c)
list(SORT CRM_FUZZ_TARGETS)

set(CRM_FUZZ_LIBFUZZER OFF)
if(CRM_ENABLE_FUZZ)
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(CRM_FUZZ_LIBFUZZER ON)
    set(CRM_FUZZ_SAN -fsanitize=address,undefined -fno-sanitize-recover=undefined)
    target_compile_options(crm_core PRIVATE -fsanitize=fuzzer-no-link ${CRM_FUZZ_SAN})
    target_link_options(crm_core INTERFACE ${CRM_FUZZ_SAN})
  else()
    message(WARNING "CRM_ENABLE_FUZZ needs clang (-DCMAKE_C_COMPILER=clang); "
                    "building replay_* only")
  endif()
endif()

foreach(src ${CRM_FUZZ_TARGETS})
  get_filename_component(fname ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" name ${fname})

  add_executable(replay_${name} ${src} ${CRM_FUZZ_DIR}/replay_main.c)
  target_include_directories(replay_${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(replay_${name} PRIVATE crm_core)
  add_test(NAME fuzz.replay.${name} COMMAND replay_${name} ${CRM_FUZZ_DIR}/corpus/${name})
  set_tests_properties(fuzz.replay.${name} PROPERTIES LABELS fuzz TIMEOUT 300)

  if(CRM_FUZZ_LIBFUZZER)
    add_executable(fuzz_${name} ${src})
    target_include_directories(fuzz_${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer ${CRM_FUZZ_SAN})
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer ${CRM_FUZZ_SAN})
    target_link_libraries(fuzz_${name} PRIVATE crm_core)
  endif()
endforeach()
