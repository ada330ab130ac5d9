# MIME parser: golden traces (tests/data/mime/*.eml -> *.trace) and a crash
# test over the shared real-world samples. Owner: mime.
add_executable(mime_dump ${CMAKE_CURRENT_SOURCE_DIR}/tools/mime_dump.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/helpers.c)
target_include_directories(mime_dump PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(mime_dump PRIVATE crm_core)
target_compile_definitions(mime_dump PRIVATE
  CRM_SOURCE_DIR="${CMAKE_SOURCE_DIR}" CRM_BINARY_DIR="${CMAKE_BINARY_DIR}")

add_test(NAME golden.mime
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden.sh $<TARGET_FILE:mime_dump>
          ${CMAKE_CURRENT_SOURCE_DIR}/data/mime trace)
set_tests_properties(golden.mime PROPERTIES LABELS golden TIMEOUT 120)

add_test(NAME mime.samples
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/mime_samples.sh $<TARGET_FILE:mime_dump>
          ${CMAKE_SOURCE_DIR}/../shared/mail-samples)
set_tests_properties(mime.samples PROPERTIES LABELS corpus TIMEOUT 600 SKIP_RETURN_CODE 77)
