/* Fuzz target: the JSON Lines member reader (im_json_get_member) that `incmap places
 * --jsonl` uses. Never reads past the input (the input buffer is exactly `size`
 * bytes, not NUL-terminated); a found member is NUL-terminated at its length. */
#include "fuzz_common.h"
#include "incmap/json.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"text", "id", "", "a", "\xC3\xA9"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char *out = NULL;
        size_t len = 12345;
        if (im_json_get_member((const char *)data, size, keys[k], &out, &len)) {
            FUZZ_CHECK(out != NULL && out[len] == '\0');
            FUZZ_CHECK(len <= 4 * size);
            free(out);
        }
    }
    return 0;
}
