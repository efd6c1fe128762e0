# condis_add_driver(<name> <sources>...)
# Builds a CoNDIS driver as a shared object that condis loads with dlopen, as a kernel loads a
# .sys: only DriverEntry is exported, the driver's own symbols bind inside it (-Bsymbolic), and
# its Ndis* imports resolve against libcondis.
function(condis_add_driver name)
  add_library(${name} MODULE ${ARGN})
  set_target_properties(${name} PROPERTIES PREFIX "" C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden)
  if(TARGET condis::condis)
    target_link_libraries(${name} PRIVATE condis::condis)
  else()
    target_link_libraries(${name} PRIVATE condis)
  endif()
  target_link_options(${name} PRIVATE -Wl,-Bsymbolic -Wl,--no-undefined)
endfunction()
