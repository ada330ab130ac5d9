# careerrelayctl: golden tests of every ledger command (human and JSON) and of
# the bad inputs, over ledgers seeded with fixed data. Owner: ledger.
add_executable(ledger_seed ${CMAKE_CURRENT_SOURCE_DIR}/tools/ledger_seed.c)
target_link_libraries(ledger_seed PRIVATE crm_core)

add_test(NAME golden.ctl
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ctl/run_ctl_golden.sh
          $<TARGET_FILE:careerrelayctl> $<TARGET_FILE:ledger_seed> ${CMAKE_SOURCE_DIR})
set_tests_properties(golden.ctl PROPERTIES LABELS golden TIMEOUT 300)
