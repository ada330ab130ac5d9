/* embedded.c - lookup in the generated table of embedded files */
#include "embedded.h"

#include <string.h>

/* crm_embedded_find - file by name */
const struct crm_embedded_file *
crm_embedded_find(const char *name)
{
    size_t i;

    for (i = 0; i < crm_embedded_count; i++)
        if (strcmp(crm_embedded_files[i].name, name) == 0)
            return &crm_embedded_files[i];
    return NULL;
}
