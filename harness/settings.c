/* settings.c — see settings.h */
#include "settings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

double wb_setting(const char *name, double dflt) {
    const char *v = getenv(name);
    if (!v || !*v) return dflt;
    char *end;
    double x = strtod(v, &end);
    if (*end != '\0' || !isfinite(x)) {
        fprintf(stderr, "%s=%s: not a number (unset it for the default, %g)\n", name, v, dflt);
        exit(2);
    }
    return x;
}
