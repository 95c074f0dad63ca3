// The header's inline functions are the whole target; this file gives SwiftPM a source.
#include "ciqlsupport.h"
