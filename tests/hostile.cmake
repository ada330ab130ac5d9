# hostile.cmake - hostile inputs (issue 6), label "hostile" (valgrind: "valgrind").
#   hostile.inputs   make_hostile.py's messages (written at test time into the
#                    build dir) through careerrelayctl dry-run, plain and
#                    forced, under RLIMIT_AS 512 MiB and a timeout; every output
#                    unchanged or a valid injection (tests/corpus/check_output.py)
#   hostile.linear   instructions (callgrind) at input sizes N and 4N for the
#                    pathological families: the ratio must stay below 6
#                    (skipped without valgrind)
#   hostile.daemon_load  careerrelay-milter (as built: plain, ASan or TSan) over
#                    1,000 mixed messages, 4 connections at once; SIGTERM; ledger
#                    = messages spliced
#   hostile.valgrind_daemon  careerrelay-milter under valgrind memcheck over
#                    1,000 mixed messages from crm-bench-load: no leak, no
#                    invalid access (skipped without valgrind)
find_package(Python3 COMPONENTS Interpreter)
set(CRM_HOSTILE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/hostile)
set(CRM_HOSTILE_WORK ${CMAKE_CURRENT_BINARY_DIR}/hostile-work)
if(Python3_Interpreter_FOUND AND TARGET careerrelayctl)
  add_test(NAME hostile.inputs
           COMMAND ${Python3_EXECUTABLE} ${CRM_HOSTILE_DIR}/run_hostile.py
                   --ctl $<TARGET_FILE:careerrelayctl> --config ${CRM_HOSTILE_DIR}/hostile.conf
                   --work ${CRM_HOSTILE_WORK}/inputs --mem-mb 512 --timeout 120)
  set_tests_properties(hostile.inputs PROPERTIES LABELS hostile TIMEOUT 1800)
  add_test(NAME hostile.linear
           COMMAND ${Python3_EXECUTABLE} ${CRM_HOSTILE_DIR}/linear_work.py
                   --ctl $<TARGET_FILE:careerrelayctl> --config ${CRM_HOSTILE_DIR}/hostile.conf
                   --work ${CRM_HOSTILE_WORK}/linear)
  set_tests_properties(hostile.linear PROPERTIES LABELS hostile TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()
if(TARGET careerrelay-milter AND TARGET crm-bench-load)
  set(CRM_HOSTILE_ENV
    CRM_MILTER=$<TARGET_FILE:careerrelay-milter>
    CRM_LOAD=$<TARGET_FILE:crm-bench-load>
    CRM_SOURCE_DIR=${CMAKE_SOURCE_DIR}
    CRM_HOSTILE_WORK=${CRM_HOSTILE_WORK})
  # as built: in the ASan pass LeakSanitizer, in the TSan pass ThreadSanitizer
  # watch the daemon's threads under concurrent connections
  add_test(NAME hostile.daemon_load COMMAND bash ${CRM_HOSTILE_DIR}/daemon_load.sh -n 1000 -c 4)
  set_tests_properties(hostile.daemon_load PROPERTIES
    LABELS hostile TIMEOUT 600 SKIP_RETURN_CODE 77 ENVIRONMENT "${CRM_HOSTILE_ENV}")
  add_test(NAME hostile.valgrind_daemon
           COMMAND bash ${CRM_HOSTILE_DIR}/daemon_load.sh --valgrind -n 1000 -c 4)
  set_tests_properties(hostile.valgrind_daemon PROPERTIES
    LABELS valgrind TIMEOUT 1800 SKIP_RETURN_CODE 77 ENVIRONMENT "${CRM_HOSTILE_ENV}")
endif()
