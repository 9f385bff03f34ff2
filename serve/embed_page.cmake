# Writes page.html as a C++ string literal (kPageHtml) into OUT, so that
# vigie-serve carries its page and needs no file at run time.
file(READ ${PAGE} content)
string(FIND "${content}" ")VIGIE_PAGE\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "page.html holds the literal's end marker")
endif()
file(WRITE ${OUT} "constexpr const char kPageHtml[] = R\"VIGIE_PAGE(${content})VIGIE_PAGE\";\n")
