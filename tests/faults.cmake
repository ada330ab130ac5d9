# faults.cmake - fault injection against the real careerrelay-milter (label
# faults; issue 6, item 3): SIGKILL under a stream of mail, a locked, read-only
# and full database with OnError accept and tempfail, aborted and dropped
# transactions. Scripts in tests/faults/ (faults.sh CASE [ARG]); each case uses
# its own temp dir, milter, database and private Postfix (tests/e2e/postfix.sh),
# needs root, postfix and swaks, and exits 77 (skipped, reason printed) without
# them or when the fault cannot be produced here (e.g. mount not permitted).
if(TARGET careerrelay-milter AND TARGET careerrelayctl)
  set(CRM_FAULTS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/faults)

  # LD_PRELOAD shim: SIGKILL right after the WAL commit is durable
  add_library(crm-killshim MODULE ${CRM_FAULTS_DIR}/killshim.c)
  set_target_properties(crm-killshim PROPERTIES PREFIX "" OUTPUT_NAME killshim)
  target_link_libraries(crm-killshim PRIVATE ${CMAKE_DL_LIBS})

  set(CRM_FAULTS_ENV
    CRM_MILTER=$<TARGET_FILE:careerrelay-milter>
    CRM_CTL=$<TARGET_FILE:careerrelayctl>
    CRM_KILLSHIM=$<TARGET_FILE:crm-killshim>
    CRM_SOURCE_DIR=${CMAKE_SOURCE_DIR})

  # name|arguments|timeout (s)
  set(CRM_FAULTS_CASES
    "sigkill_during_stream|sigkill_during_stream|240"
    "sigkill_during_stream.large|sigkill_during_stream large|240"
    "kill_after_commit|kill_after_commit|120"
    "kill_mid_edit|kill_mid_edit|120"
    "kill_mid_body.accept|kill_mid_body accept|120"
    "kill_mid_body.tempfail|kill_mid_body tempfail|120"
    "db_locked.accept|db_locked accept|120"
    "db_locked.tempfail|db_locked tempfail|120"
    "db_readonly.accept|db_readonly accept|120"
    "db_readonly.tempfail|db_readonly tempfail|120"
    "db_readonly_file.accept|db_readonly_file accept|120"
    "db_readonly_file.tempfail|db_readonly_file tempfail|120"
    "disk_full.accept|disk_full accept|120"
    "disk_full.tempfail|disk_full tempfail|120"
    "abort_and_drop_no_leak|abort_and_drop_no_leak|120"
    "abort_and_drop_valgrind|abort_and_drop_valgrind|300")
  foreach(entry ${CRM_FAULTS_CASES})
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 name)
    list(GET parts 1 args)
    list(GET parts 2 timeout)
    separate_arguments(args)
    add_test(NAME faults.${name} COMMAND bash ${CRM_FAULTS_DIR}/faults.sh ${args})
    set_tests_properties(faults.${name} PROPERTIES
      LABELS faults TIMEOUT ${timeout} SKIP_RETURN_CODE 77 ENVIRONMENT "${CRM_FAULTS_ENV}")
  endforeach()
endif()
