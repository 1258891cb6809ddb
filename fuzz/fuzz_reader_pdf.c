/* Fuzz target: the PDF reader (src/readers/pdf.c) on any bytes; the checks are
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
    return fuzz_reader_run(rd_read_pdf, IM_DOC_PDF, data, size);
}
