# Warnings as errors on our own targets only, never on third-party sources.
function(attnviz_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Werror)
endfunction()
