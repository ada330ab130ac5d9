# Benchmark tools (issue 5): the load generator, the no-op baseline filter and
# the append reference filter. They are standalone (libc, libmilter, sqlite3;
# not crm_core), so they build whatever state the project library is in.
# The benchmark itself is a command, tests/bench/run.sh (see tests/bench/README.md);
# ctest only runs a short smoke run of it, and only when careerrelay-milter is built.
set(CRM_BENCH_DIR ${CMAKE_CURRENT_SOURCE_DIR}/bench)

add_executable(crm-bench-load
  ${CRM_BENCH_DIR}/loadgen.c ${CRM_BENCH_DIR}/lg_session.c
  ${CRM_BENCH_DIR}/lg_wire.c ${CRM_BENCH_DIR}/lg_msg.c)
target_include_directories(crm-bench-load PRIVATE ${MILTER_INCLUDE})
target_link_libraries(crm-bench-load PRIVATE Threads::Threads m)

add_executable(crm-bench-noop ${CRM_BENCH_DIR}/noop.c)
target_include_directories(crm-bench-noop PRIVATE ${MILTER_INCLUDE})
target_link_libraries(crm-bench-noop PRIVATE ${MILTER_LIB} Threads::Threads)

add_executable(crm-bench-append ${CRM_BENCH_DIR}/append.c)
target_include_directories(crm-bench-append PRIVATE ${MILTER_INCLUDE})
target_link_libraries(crm-bench-append PRIVATE ${MILTER_LIB} PkgConfig::SQLITE3 Threads::Threads)

if(TARGET careerrelay-milter)
  add_test(NAME bench.smoke
    COMMAND ${CRM_BENCH_DIR}/run.sh --smoke --build-dir ${CMAKE_BINARY_DIR})
  set_tests_properties(bench.smoke PROPERTIES
    LABELS bench TIMEOUT 120
    PASS_REGULAR_EXPRESSION "SUMMARY mix=small-reject-ja conc=8"
    FAIL_REGULAR_EXPRESSION "run.sh: error")
endif()
