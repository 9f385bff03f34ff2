# Run by cpack once the files are staged (CPACK_PRE_BUILD_SCRIPTS): the
# static library loses its debug sections (CPACK_STRIP_FILES strips only
# the programs), which would make nine tenths of the package.
file(GLOB_RECURSE archives "${CPACK_TEMPORARY_DIRECTORY}/*.a")
foreach(archive ${archives})
  execute_process(COMMAND strip --strip-debug "${archive}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "strip --strip-debug ${archive} failed")
  endif()
endforeach()
