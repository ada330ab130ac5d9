/* ctl_config.c - "careerrelayctl config check|dump" */
#include "ctl.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

/* config_usage - help text */
static int
config_usage(FILE *f, int status)
{
    fprintf(f, "usage: careerrelayctl [-c CONFIG] config check|dump\n"
               "\n"
               "  check   load the configuration, the rules and the templates it names,\n"
               "          and report the first error as FILE:LINE: cause (exit 1)\n"
               "  dump    print the effective value of every key, defaults included\n");
    return status;
}

/* ctl_cmd_config - config check|dump */
int
ctl_cmd_config(struct ctl_ctx *ctx, int argc, char **argv)
{
    struct crm_buf b;

    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return config_usage(stdout, 0);
    if (argc != 2 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "dump") != 0))
        return config_usage(stderr, 2);
    if (ctl_load_config(ctx) != 0)
        return 1;
    if (strcmp(argv[1], "check") == 0) {
        printf("%s: ok\n", ctx->cfg->path ? ctx->cfg->path : "(built-in defaults)");
        return 0;
    }
    crm_buf_init(&b, 1 << 20);
    if (crm_config_dump(ctx->cfg, &b) != 0) {
        fprintf(stderr, "careerrelayctl: out of memory\n");
        return 1;
    }
    fputs(crm_buf_cstr(&b), stdout);
    crm_buf_fini(&b);
    return 0;
}
