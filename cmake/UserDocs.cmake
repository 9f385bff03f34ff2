# The man pages (docs/man/<command>.1, written in the project: the version
# is filled in, then they are compressed as Debian installs them) and the
# shell completions (completions/). A page added to docs/man/ is built,
# installed and checked against its command's --help with nothing else to
# declare (tests/CMakeLists.txt).
include(GNUInstallDirs)
file(GLOB VIGIE_MAN_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/*.1)
set(VIGIE_MAN_DIR ${PROJECT_BINARY_DIR}/man)
find_program(VIGIE_GZIP gzip REQUIRED)
set(compressed "")
foreach(page ${VIGIE_MAN_SOURCES})
  get_filename_component(name ${page} NAME)
  configure_file(${page} ${VIGIE_MAN_DIR}/${name} @ONLY)
  add_custom_command(OUTPUT ${VIGIE_MAN_DIR}/${name}.gz
    COMMAND ${VIGIE_GZIP} -9 -n -c ${VIGIE_MAN_DIR}/${name} > ${VIGIE_MAN_DIR}/${name}.gz
    DEPENDS ${VIGIE_MAN_DIR}/${name} ${page}
    COMMENT "Compressing ${name}")
  list(APPEND compressed ${VIGIE_MAN_DIR}/${name}.gz)
endforeach()
add_custom_target(vigie-man-pages ALL DEPENDS ${compressed})
install(FILES ${compressed} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# bash-completion loads completions/<command> when <command> is first
# completed: one copy of the script under each command's name.
foreach(command vigie-index vigie-search vigie-serve)
  install(FILES ${PROJECT_SOURCE_DIR}/completions/vigie.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${command})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/completions/_vigie DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
