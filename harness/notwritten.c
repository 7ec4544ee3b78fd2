// notwritten.c — the names of the stub functions that ran (see notwritten.h).
#include "notwritten.h"

#include <string.h>

static const char *g_names[WB_NOT_WRITTEN_MAX];
static int g_count;

void wb_not_written(const char *name) {
    if (name == NULL) return;
    for (int i = 0; i < g_count; i++)
        if (g_names[i] == name || strcmp(g_names[i], name) == 0) return;
    if (g_count < WB_NOT_WRITTEN_MAX) g_names[g_count++] = name;
}

int wb_not_written_count(void) { return g_count; }

const char *wb_not_written_name(int i) { return i >= 0 && i < g_count ? g_names[i] : NULL; }

void wb_not_written_reset(void) { g_count = 0; }
