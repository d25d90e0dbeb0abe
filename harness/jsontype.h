/* Naming a JSON value's type in messages about documents users write. */
#ifndef ASSAY_JSONTYPE_H
#define ASSAY_JSONTYPE_H

#include <jansson.h>

/*
 * The type of v with its article, as a message says what it got: "an
 * object", "an integer", "a number" (a real), "null".  A static string.
 */
const char *assay_json_type_name(const json_t *v);

#endif
