/* ctl_config.c - "careerrelayctl config check|dump" */
#include "ctl.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "ctl_util.h"

static const char config_usage[] =
    "usage: careerrelayctl [-c CONFIG] config check [--json]\n"
    "       careerrelayctl [-c CONFIG] config dump [--json]\n"
    "\n"
    "  check   load the configuration, the rules and the templates it names,\n"
    "          and report the first error as FILE:LINE: cause (exit 1); warnings\n"
    "          (a single-value key given twice: the last one wins) go to stderr\n"
    "  dump    print the effective value of every key, defaults included\n"
    "  --json  check: {\"config\": FILE or null, \"ok\": true|false, \"error\": ...,\n"
    "          \"warnings\": [...]}\n"
    "          dump: {\"config\": FILE or null, \"keys\": {KEY: VALUE, ...}}: a key\n"
    "          left unset is null, numbers are numbers, yes/no are true/false,\n"
    "          lists are arrays\n";

/* config_args - check|dump and --json anywhere; 0, 1 help printed, 2 usage error */
static int
config_args(int argc, char **argv, const char **verb, int *json)
{
    int i;

    *verb = NULL;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(config_usage, stdout);
            return 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            *json = 1;
        } else if (*verb == NULL &&
                   (strcmp(argv[i], "check") == 0 || strcmp(argv[i], "dump") == 0)) {
            *verb = argv[i];
        } else {
            fprintf(stderr, "careerrelayctl: config: unexpected argument %s\n", argv[i]);
            fputs(config_usage, stderr);
            return 2;
        }
    }
    if (*verb == NULL) {
        fprintf(stderr, "careerrelayctl: config: want check or dump\n");
        fputs(config_usage, stderr);
        return 2;
    }
    return 0;
}

/* config_check_json - the check object; exit status (1 when the configuration is bad) */
static int
config_check_json(struct ctl_ctx *ctx)
{
    struct crm_err err;
    struct crm_buf b, w;
    int rc = ctl_load_config_err(ctx, &err), bad, status;

    crm_buf_init(&b, 1 << 16);
    bad = crm_buf_puts(&b, "{\"config\": ") != CRM_OK || ctl_json_str(&b, ctl_config_path(ctx)) ||
          crm_buf_appendf(&b, ", \"ok\": %s", rc == CRM_OK ? "true" : "false") != CRM_OK;
    if (!bad && rc != CRM_OK)
        bad = crm_buf_puts(&b, ", \"error\": ") != CRM_OK || ctl_json_str(&b, err.msg);
    if (!bad && rc == CRM_OK) {
        crm_buf_init(&w, 1 << 16);
        bad = crm_config_warnings(ctx->cfg, &w) < 0 ||
              crm_buf_puts(&b, ", \"warnings\": ") != CRM_OK ||
              ctl_json_list(&b, crm_buf_cstr(&w), '\n');
        crm_buf_fini(&w);
    }
    bad = bad || crm_buf_puts(&b, "}\n") != CRM_OK;
    status = bad ? ctl_oom() : ctl_write(&b);
    crm_buf_fini(&b);
    if (rc != CRM_OK) {
        fprintf(stderr, "careerrelayctl: %s\n", err.msg);
        return 1;
    }
    return status;
}

/* config_dump_json_value - one key's value as JSON; 0 or -1 */
static int
config_dump_json_value(enum crm_config_kind kind, const char *v, struct crm_buf *b)
{
    switch (kind) {
    case CRM_CONFIG_NULL:
        return crm_buf_puts(b, "null") == CRM_OK ? 0 : -1;
    case CRM_CONFIG_NUMBER:
        return crm_buf_puts(b, v) == CRM_OK ? 0 : -1;
    case CRM_CONFIG_BOOL:
        return crm_buf_puts(b, strcmp(v, "yes") == 0 ? "true" : "false") == CRM_OK ? 0 : -1;
    case CRM_CONFIG_LIST:
        return ctl_json_list(b, v, '\n');
    case CRM_CONFIG_STRING:
        break;
    }
    return ctl_json_str(b, v);
}

/* config_dump_json - {"config": FILE, "keys": {...}}; exit status */
static int
config_dump_json(struct ctl_ctx *ctx)
{
    enum crm_config_kind kind;
    struct crm_buf b, v;
    const char *name;
    size_t i;
    int rc, bad, status;

    if (ctl_load_config(ctx) != 0)
        return 1;
    crm_buf_init(&b, 1 << 20);
    crm_buf_init(&v, 1 << 20);
    bad = crm_buf_puts(&b, "{\"config\": ") != CRM_OK || ctl_json_str(&b, ctx->cfg->path) ||
          crm_buf_puts(&b, ", \"keys\": {") != CRM_OK;
    for (i = 0; !bad; i++) {
        crm_buf_reset(&v);
        rc = crm_config_value(ctx->cfg, i, &name, &kind, &v);
        if (rc == CRM_ENOTFOUND)
            break;
        bad = rc != CRM_OK || (i > 0 && crm_buf_puts(&b, ", ") != CRM_OK) ||
              ctl_json_str(&b, name) || crm_buf_puts(&b, ": ") != CRM_OK ||
              config_dump_json_value(kind, crm_buf_cstr(&v), &b);
    }
    bad = bad || crm_buf_puts(&b, "}}\n") != CRM_OK;
    status = bad ? ctl_oom() : ctl_write(&b);
    crm_buf_fini(&v);
    crm_buf_fini(&b);
    return status;
}

/* ctl_cmd_config - config check|dump */
int
ctl_cmd_config(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *verb;
    struct crm_buf b;
    int json = ctx->json, status;

    status = config_args(argc, argv, &verb, &json);
    if (status != 0)
        return status == 1 ? 0 : 2;
    if (strcmp(verb, "dump") == 0 && json)
        return config_dump_json(ctx);
    if (json)
        return config_check_json(ctx);
    if (ctl_load_config(ctx) != 0)
        return 1;
    crm_buf_init(&b, 1 << 20);
    if (strcmp(verb, "check") == 0) {
        status = crm_config_warnings(ctx->cfg, &b) < 0;
        if (!status && b.len > 0)
            fprintf(stderr, "%s", crm_buf_cstr(&b));
        crm_buf_reset(&b);
        status = status ||
                 crm_buf_appendf(&b, "%s: ok\n",
                                 ctx->cfg->path ? ctx->cfg->path : "(built-in defaults)") != CRM_OK;
    } else
        status = crm_config_dump(ctx->cfg, &b) != CRM_OK;
    status = status ? ctl_oom() : ctl_write(&b);
    crm_buf_fini(&b);
    return status;
}
