# sendmail.cmake - end-to-end tests (labels e2e;sendmail): careerrelay-milter
# behind a real Sendmail 8.17, run from the Debian packages unpacked into the
# build directory (tests/e2e/sendmail.sh + sendmail-cases.sh). The packages are
# fetched at the first run with `apt-get download` into sendmail-debs/; when
# that is impossible (no root, no network, no package lists) the tests exit 77
# and ctest reports them as skipped, with the reason in the output.

# The LD_PRELOAD shim: a qualified host name and syslog to a file. It is
# loaded into Sendmail, so it gets none of the sanitizer flags a build may add.
add_library(crm_sendmail_shim MODULE ${CMAKE_CURRENT_SOURCE_DIR}/e2e/sendmail-shim.c)
set_target_properties(crm_sendmail_shim PROPERTIES PREFIX "" OUTPUT_NAME sendmail-shim)
get_target_property(crm_shim_opts crm_sendmail_shim COMPILE_OPTIONS)
if(crm_shim_opts)
  list(FILTER crm_shim_opts EXCLUDE REGEX "sanitize|frame-pointer")
  set_target_properties(crm_sendmail_shim PROPERTIES COMPILE_OPTIONS "${crm_shim_opts}")
endif()
set_target_properties(crm_sendmail_shim PROPERTIES LINK_OPTIONS "")

if(TARGET careerrelay-milter)
  set(CRM_SENDMAIL_ENV
    CRM_MILTER=$<TARGET_FILE:careerrelay-milter>
    CRM_SOURCE_DIR=${CMAKE_SOURCE_DIR}
    CRM_SENDMAIL_DEBS=${CMAKE_BINARY_DIR}/sendmail-debs
    CRM_SENDMAIL_ROOT=${CMAKE_BINARY_DIR}/sendmail-root
    CRM_SENDMAIL_SHIM=$<TARGET_FILE:crm_sendmail_shim>)
  if(TARGET careerrelayctl)
    list(APPEND CRM_SENDMAIL_ENV CRM_CTL=$<TARGET_FILE:careerrelayctl>)
  endif()

  set(CRM_E2E_SENDMAIL_CASES
    smtp_rejection_injected_and_counted
    local_submission_injected_and_counted
    non_rejection_byte_identical
    control_headers_removed
    milter_stopped_mail_flows
    corpus_matches_dry_run)
  foreach(case ${CRM_E2E_SENDMAIL_CASES})
    add_test(NAME e2e.sendmail.${case}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/sendmail-cases.sh ${case})
    set_tests_properties(e2e.sendmail.${case} PROPERTIES
      LABELS "e2e;sendmail" TIMEOUT 400 SKIP_RETURN_CODE 77
      ENVIRONMENT "${CRM_SENDMAIL_ENV}")
  endforeach()
endif()
