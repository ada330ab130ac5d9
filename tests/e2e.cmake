# e2e.cmake - end-to-end tests (label e2e): careerrelay-milter behind a private
# Postfix (tests/e2e/postfix.sh + postfix-cases.sh), and protocol-level cases
# through OpenDKIM's miltertest (tests/e2e/*.lua via miltertest.sh).
# They need root, postfix, swaks and miltertest; without them they exit 77
# and ctest reports them as skipped, with the reason in the output.
if(TARGET careerrelay-milter)
  set(CRM_E2E_DIR ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
  set(CRM_E2E_ENV
    CRM_MILTER=$<TARGET_FILE:careerrelay-milter>
    CRM_SOURCE_DIR=${CMAKE_SOURCE_DIR})
  if(TARGET careerrelayctl)
    list(APPEND CRM_E2E_ENV CRM_CTL=$<TARGET_FILE:careerrelayctl>)
  endif()

  set(CRM_E2E_POSTFIX_CASES
    smtp_rejection_injected_and_counted
    local_submission_injected_and_counted
    suppressed_candidates_not_recorded
    non_rejection_byte_identical
    outside_client_untouched
    internal_recipient_only_passes
    milter_stopped_mail_flows
    readonly_database_passes_unchanged
    reload_keeps_old_config_on_error
    privilege_drop
    too_large_and_dry_run_pass_unchanged
    corpus_matches_dry_run)
  foreach(case ${CRM_E2E_POSTFIX_CASES})
    add_test(NAME e2e.postfix.${case} COMMAND bash ${CRM_E2E_DIR}/postfix-cases.sh ${case})
    set_tests_properties(e2e.postfix.${case} PROPERTIES
      LABELS e2e TIMEOUT 180 SKIP_RETURN_CODE 77 ENVIRONMENT "${CRM_E2E_ENV}")
  endforeach()

  file(GLOB CRM_E2E_LUA CONFIGURE_DEPENDS ${CRM_E2E_DIR}/*.lua ${CRM_E2E_DIR}/*_*.py)
  list(SORT CRM_E2E_LUA)
  foreach(lua ${CRM_E2E_LUA})
    get_filename_component(name ${lua} NAME_WE)
    add_test(NAME e2e.protocol.${name} COMMAND bash ${CRM_E2E_DIR}/miltertest.sh ${lua})
    set_tests_properties(e2e.protocol.${name} PROPERTIES
      LABELS e2e TIMEOUT 120 SKIP_RETURN_CODE 77 ENVIRONMENT "${CRM_E2E_ENV}")
  endforeach()
endif()
