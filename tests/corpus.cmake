# The engine's acceptance corpus (tests/corpus): 204 messages written by
# make_corpus.py, checked by an independent Python checker (check_output.py).
#   corpus.checker  self-test of the checker (no C code involved)
#   corpus.engine   careerrelayctl dry-run over MANIFEST.tsv, every output checked
#   corpus.samples  careerrelayctl dry-run over /work/shared/mail-samples: no crash,
#                   output unchanged or a valid injection (skipped when absent)
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(CRM_CORPUS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/corpus)
  add_test(NAME corpus.checker
           COMMAND ${Python3_EXECUTABLE} ${CRM_CORPUS_DIR}/test_checker.py ${CRM_CORPUS_DIR})
  set_tests_properties(corpus.checker PROPERTIES LABELS corpus TIMEOUT 300)
  if(TARGET careerrelayctl)
    add_test(NAME corpus.engine
             COMMAND ${Python3_EXECUTABLE} ${CRM_CORPUS_DIR}/run_corpus.py
                     --ctl $<TARGET_FILE:careerrelayctl> --config ${CRM_CORPUS_DIR}/corpus.conf
                     --corpus ${CRM_CORPUS_DIR} --out ${CMAKE_CURRENT_BINARY_DIR}/corpus-out/engine)
    add_test(NAME corpus.samples
             COMMAND ${Python3_EXECUTABLE} ${CRM_CORPUS_DIR}/run_corpus.py --mode samples
                     --ctl $<TARGET_FILE:careerrelayctl> --config ${CRM_CORPUS_DIR}/corpus.conf
                     --samples ${CMAKE_SOURCE_DIR}/../shared/mail-samples
                     --out ${CMAKE_CURRENT_BINARY_DIR}/corpus-out/samples)
    set_tests_properties(corpus.engine corpus.samples PROPERTIES LABELS corpus TIMEOUT 600)
    set_tests_properties(corpus.samples PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endif()
