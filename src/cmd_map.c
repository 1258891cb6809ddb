/* `incmap map`: placeholder while the renderer is being written in this change; the
 * maps work replaces this file before it is committed. */
#include "commands.h"

int cmd_map(im_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    im_cli_error("map: not built yet");
    return IM_EXIT_FAILURE;
}
