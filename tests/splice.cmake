# splice.cmake - golden tests of the engine and splicer: `careerrelayctl dry-run` with a fixed
# token over tests/data/splice/NAME.eml; NAME.out is the message as it would leave the milter,
# NAME.why the verdict line. The data directory holds its own config and rules, so the shipped
# rules can be tuned without touching these files. Regenerate after a deliberate change with
#   CRM_GOLDEN_UPDATE=1 ctest -R golden.splice   (then review the diff).
if(TARGET careerrelayctl)
  set(CRM_SPLICE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/data/splice)
  set(CRM_SPLICE_ARGS -c splice.conf dry-run --token 00000000-0000-4000-8000-000000000000)
  add_test(NAME golden.splice.out
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden.sh $<TARGET_FILE:careerrelayctl>
                   ${CRM_SPLICE_DIR} out ${CRM_SPLICE_ARGS}
           WORKING_DIRECTORY ${CRM_SPLICE_DIR})
  add_test(NAME golden.splice.why
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden.sh sh ${CRM_SPLICE_DIR} why
                   ${CMAKE_CURRENT_SOURCE_DIR}/splice_why.sh $<TARGET_FILE:careerrelayctl>
                   ${CRM_SPLICE_ARGS}
           WORKING_DIRECTORY ${CRM_SPLICE_DIR})
  add_test(NAME ctl.dry_run.edges
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/splice_stream.sh $<TARGET_FILE:careerrelayctl>)
  set_tests_properties(golden.splice.out golden.splice.why PROPERTIES LABELS golden TIMEOUT 120)
  set_tests_properties(ctl.dry_run.edges PROPERTIES LABELS golden TIMEOUT 120)
endif()
