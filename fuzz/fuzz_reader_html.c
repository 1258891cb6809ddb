/* Fuzz target: the HTML reader (src/readers/html.c) on any bytes; the checks are
 * those of fuzz_reader.h. */
#include "fuzz_reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader_run(rd_read_html, IM_DOC_HTML, data, size);
}
