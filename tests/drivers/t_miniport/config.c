/* t_miniport's test interface: the log and the behaviour table (td_support_impl.h). */
#include "td_support_impl.h"
