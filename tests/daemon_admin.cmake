# daemon_admin.cmake - careerrelay-milter as an administrator meets it, without an
# MTA (label daemon): -n and start-up errors with FILE:LINE and the real cause,
# stale socket and pid file, the stop, a refused reload (tests/daemon_admin.sh).
if(TARGET careerrelay-milter)
  add_test(NAME daemon.admin
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/daemon_admin.sh $<TARGET_FILE:careerrelay-milter>)
  set_tests_properties(daemon.admin PROPERTIES LABELS daemon TIMEOUT 120)
endif()
