/* kc has one tabwriter: util/tabwriter.h (kept so cli/ includes keep working). */
#include "util/tabwriter.h"
