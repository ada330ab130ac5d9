/* token.c - invitation tokens (UUID v4), short hashes and URL rendering */
#include "token.h"

#include <string.h>
#include <uuid/uuid.h>

#include "err.h"

static const char token_hex[] = "0123456789abcdef";

/* crm_token_new - fresh random UUID v4, lower case */
void
crm_token_new(char tok[CRM_TOKEN_LEN + 1])
{
    uuid_t u;

    uuid_generate_random(u);
    uuid_unparse_lower(u, tok);
}

/* token_is_hex - lower-case hex digit */
static int
token_is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* crm_token_valid - 36 chars, lower-case hex, dashes at 8/13/18/23, v4, RFC 4122 variant */
int
crm_token_valid(const char *s)
{
    size_t i;

    if (s == NULL)
        return 0;
    for (i = 0; i < CRM_TOKEN_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!token_is_hex(s[i])) {
            return 0;
        }
    }
    if (s[CRM_TOKEN_LEN] != '\0')
        return 0;
    return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

/* crm_token_short - FNV-1a 32-bit hash of the token as 8 hex digits */
void
crm_token_short(const char *tok, char out[CRM_TOKEN_SHORT_LEN + 1])
{
    unsigned long h = 2166136261UL;
    int i;

    for (; tok != NULL && *tok != '\0'; tok++) {
        h ^= (unsigned char)*tok;
        h = (h * 16777619UL) & 0xffffffffUL;
    }
    for (i = CRM_TOKEN_SHORT_LEN - 1; i >= 0; i--) {
        out[i] = token_hex[h & 15];
        h >>= 4;
    }
    out[CRM_TOKEN_SHORT_LEN] = '\0';
}

/* crm_url_render - replace every "{token}" of url_template by tok */
int
crm_url_render(const char *url_template, const char *tok, char *out, unsigned long outsz)
{
    static const char mark[] = "{token}";
    const char *p = url_template, *hit;
    size_t n = 0, tl = strlen(tok), k;

    if (outsz == 0)
        return CRM_ELIMIT;
    while (*p != '\0') {
        hit = strstr(p, mark);
        k = hit != NULL ? (size_t)(hit - p) : strlen(p);
        if (n + k >= outsz || (hit != NULL && n + k + tl >= outsz)) {
            out[0] = '\0';
            return CRM_ELIMIT;
        }
        memcpy(out + n, p, k);
        n += k;
        if (hit == NULL)
            break;
        memcpy(out + n, tok, tl);
        n += tl;
        p = hit + sizeof(mark) - 1;
    }
    out[n] = '\0';
    return CRM_OK;
}
