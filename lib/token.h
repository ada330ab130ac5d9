/*
 * token.h - invitation tokens: UUID v4 (libuuid uuid_generate_random) in
 * lower-case text form (36 characters). Carries no personal data.
 *
 * Thread safety: reentrant. Errors: none.
 */
#ifndef CRM_TOKEN_H
#define CRM_TOKEN_H

#define CRM_TOKEN_LEN       36
#define CRM_TOKEN_SHORT_LEN 8

/* crm_token_new - OUT tok (CRM_TOKEN_LEN + 1 bytes), a fresh random token */
void crm_token_new(char tok[CRM_TOKEN_LEN + 1]);
/* crm_token_valid - 1 if s is a well-formed token */
int crm_token_valid(const char *s);
/* crm_token_short - OUT a short hash of the token for logs (8 hex + NUL) */
void crm_token_short(const char *tok, char out[CRM_TOKEN_SHORT_LEN + 1]);
/* crm_url_render - expand "{token}" in url_template into out (size outsz);
 * returns CRM_OK or CRM_ELIMIT */
int crm_url_render(const char *url_template, const char *tok, char *out, unsigned long outsz);

#endif
