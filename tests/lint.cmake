# Lint: banned functions and formatting (STYLE.md 3.1 #15).
add_test(NAME lint.banned COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/lint/banned.sh ${CMAKE_SOURCE_DIR})
add_test(NAME lint.format COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/lint/format.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(lint.banned lint.format PROPERTIES LABELS lint)
