/* The static release build (-DKM_STATIC=ON) links Debian's libcurl.a and libpq.a, which were
 * built with Kerberos (GSS-API), LDAP and (curl) RTMP support. Debian ships no static Kerberos
 * library at all, and static LDAP/RTMP would bring GnuTLS, SASL and p11-kit into a binary that
 * already has OpenSSL. kubectl-migrate uses none of them: it speaks HTTPS to the Kubernetes and
 * GitHub APIs (curl restricted to http/https: kube/client.cc, github/rest_client.cc) and password/SCRAM or
 * certificate authentication to PostgreSQL. So the static build defines these entry points here,
 * each failing the way the library does when the feature is unavailable:
 *   - GSS-API: every call returns GSS_S_FAILURE; libpq then finds no Kerberos credentials
 *     (gssencmode=prefer falls back to TLS/plain like a host without a ticket cache), and a server
 *     that asks for GSS authentication gets libpq's "GSSAPI ... error" naming this build.
 *   - LDAP (libpq's ldap:// service lookup, curl's ldap://): creating a handle fails.
 *   - RTMP (curl's rtmp://, never enabled): allocation fails.
 * The signatures come from Debian's own headers (libkrb5-dev, libldap-dev, librtmp-dev), so the
 * compiler checks them. docs/releasing.md lists what the static binary leaves out. */
#include <gssapi/gssapi.h>
#include <ldap.h>
#include <openldap.h>
#include <librtmp/rtmp.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char km_absent_gss[] = "GSS-API (Kerberos) is not available in the static kubectl-migrate";
static const char km_absent_ldap[] = "LDAP is not available in the static kubectl-migrate";

/* ---- GSS-API (libpq, libcurl, libgit2) ---- */

static gss_OID_desc km_nt_hostbased_service = {10, "\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &km_nt_hostbased_service;

static void km_empty(gss_buffer_t buffer) {
  if (buffer != GSS_C_NO_BUFFER) {
    buffer->length = 0;
    buffer->value = NULL;
  }
}

static OM_uint32 km_gss_failure(OM_uint32 *minor_status) {
  if (minor_status) *minor_status = 0;
  return GSS_S_FAILURE;
}

OM_uint32 gss_acquire_cred(OM_uint32 *minor_status, gss_name_t desired_name, OM_uint32 time_req,
                           gss_OID_set desired_mechs, gss_cred_usage_t cred_usage,
                           gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs,
                           OM_uint32 *time_rec) {
  if (output_cred_handle) *output_cred_handle = GSS_C_NO_CREDENTIAL;
  if (actual_mechs) *actual_mechs = GSS_C_NO_OID_SET;
  return km_gss_failure(minor_status);
}

OM_uint32 gss_release_cred(OM_uint32 *minor_status, gss_cred_id_t *cred_handle) {
  if (cred_handle) *cred_handle = GSS_C_NO_CREDENTIAL;
  if (minor_status) *minor_status = 0;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor_status, gss_cred_id_t claimant_cred_handle,
                               gss_ctx_id_t *context_handle, gss_name_t target_name,
                               gss_OID mech_type, OM_uint32 req_flags, OM_uint32 time_req,
                               gss_channel_bindings_t input_chan_bindings, gss_buffer_t input_token,
                               gss_OID *actual_mech_type, gss_buffer_t output_token,
                               OM_uint32 *ret_flags, OM_uint32 *time_rec) {
  km_empty(output_token);
  if (actual_mech_type) *actual_mech_type = GSS_C_NO_OID;
  if (ret_flags) *ret_flags = 0;
  return km_gss_failure(minor_status);
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *context_handle,
                                 gss_buffer_t output_token) {
  if (context_handle) *context_handle = GSS_C_NO_CONTEXT;
  km_empty(output_token);
  if (minor_status) *minor_status = 0;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_import_name(OM_uint32 *minor_status, gss_buffer_t input_name_buffer,
                          gss_OID input_name_type, gss_name_t *output_name) {
  if (output_name) *output_name = GSS_C_NO_NAME;
  return km_gss_failure(minor_status);
}

OM_uint32 gss_release_name(OM_uint32 *minor_status, gss_name_t *input_name) {
  if (input_name) *input_name = GSS_C_NO_NAME;
  if (minor_status) *minor_status = 0;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_display_name(OM_uint32 *minor_status, gss_name_t input_name,
                           gss_buffer_t output_name_buffer, gss_OID *output_name_type) {
  km_empty(output_name_buffer);
  return km_gss_failure(minor_status);
}

/* The one call that hands out a buffer: a malloc'd copy of the message, freed by
 * gss_release_buffer below (callers print it, then release it). */
OM_uint32 gss_display_status(OM_uint32 *minor_status, OM_uint32 status_value, int status_type,
                             gss_OID mech_type, OM_uint32 *message_context,
                             gss_buffer_t status_string) {
  if (message_context) *message_context = 0;
  if (minor_status) *minor_status = 0;
  if (status_string == GSS_C_NO_BUFFER) return GSS_S_FAILURE;
  status_string->value = strdup(km_absent_gss);
  status_string->length = status_string->value ? strlen(km_absent_gss) : 0;
  return status_string->value ? GSS_S_COMPLETE : GSS_S_FAILURE;
}

OM_uint32 gss_release_buffer(OM_uint32 *minor_status, gss_buffer_t buffer) {
  if (buffer != GSS_C_NO_BUFFER) {
    free(buffer->value);
    km_empty(buffer);
  }
  if (minor_status) *minor_status = 0;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_wrap(OM_uint32 *minor_status, gss_ctx_id_t context_handle, int conf_req_flag,
                   gss_qop_t qop_req, gss_buffer_t input_message_buffer, int *conf_state,
                   gss_buffer_t output_message_buffer) {
  km_empty(output_message_buffer);
  return km_gss_failure(minor_status);
}

OM_uint32 gss_unwrap(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
                     gss_buffer_t input_message_buffer, gss_buffer_t output_message_buffer,
                     int *conf_state, gss_qop_t *qop_state) {
  km_empty(output_message_buffer);
  return km_gss_failure(minor_status);
}

OM_uint32 gss_wrap_size_limit(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
                              int conf_req_flag, gss_qop_t qop_req, OM_uint32 req_output_size,
                              OM_uint32 *max_input_size) {
  if (max_input_size) *max_input_size = 0;
  return km_gss_failure(minor_status);
}

OM_uint32 gss_inquire_context(OM_uint32 *minor_status, gss_ctx_id_t context_handle,
                              gss_name_t *src_name, gss_name_t *targ_name,
                              OM_uint32 *lifetime_rec, gss_OID *mech_type, OM_uint32 *ctx_flags,
                              int *locally_initiated, int *open) {
  if (src_name) *src_name = GSS_C_NO_NAME;
  if (targ_name) *targ_name = GSS_C_NO_NAME;
  return km_gss_failure(minor_status);
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor_status, gss_OID_set *mech_set) {
  if (mech_set) *mech_set = GSS_C_NO_OID_SET;
  return km_gss_failure(minor_status);
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor_status, gss_OID_set *set) {
  if (set) *set = GSS_C_NO_OID_SET;
  if (minor_status) *minor_status = 0;
  return GSS_S_COMPLETE;
}

/* ---- LDAP (libpq's service lookup, libcurl's ldap://) ---- */

/* Declared by libcurl itself (lib/openldap.c), not in any installed header. */
int ldap_pvt_url_scheme2proto(const char *scheme);
int ldap_pvt_url_scheme2proto(const char *scheme) { return -1; }

LDAP *ldap_init(LDAP_CONST char *host, int port) { return NULL; }
int ldap_init_fd(ber_socket_t fd, int proto, LDAP_CONST char *url, LDAP **ldp) {
  if (ldp) *ldp = NULL;
  return LDAP_NOT_SUPPORTED;
}
char *ldap_err2string(int err) { return (char *)km_absent_ldap; }
int ldap_url_parse(LDAP_CONST char *url, LDAPURLDesc **ludpp) {
  if (ludpp) *ludpp = NULL;
  return LDAP_URL_ERR_BADSCHEME;
}
void ldap_free_urldesc(LDAPURLDesc *ludp) {}
int ldap_set_option(LDAP *ld, int option, LDAP_CONST void *invalue) { return LDAP_OPT_ERROR; }
int ldap_get_option(LDAP *ld, int option, void *outvalue) { return LDAP_OPT_ERROR; }
int ldap_unbind(LDAP *ld) { return LDAP_SUCCESS; }
int ldap_unbind_ext(LDAP *ld, LDAPControl **serverctrls, LDAPControl **clientctrls) {
  return LDAP_SUCCESS;
}
int ldap_simple_bind(LDAP *ld, LDAP_CONST char *who, LDAP_CONST char *passwd) { return -1; }
int ldap_sasl_bind(LDAP *ld, LDAP_CONST char *dn, LDAP_CONST char *mechanism, struct berval *cred,
                   LDAPControl **serverctrls, LDAPControl **clientctrls, int *msgidp) {
  return LDAP_NOT_SUPPORTED;
}
int ldap_start_tls(LDAP *ld, LDAPControl **serverctrls, LDAPControl **clientctrls, int *msgidp) {
  return LDAP_NOT_SUPPORTED;
}
int ldap_search_ext(LDAP *ld, LDAP_CONST char *base, int scope, LDAP_CONST char *filter,
                    char **attrs, int attrsonly, LDAPControl **serverctrls,
                    LDAPControl **clientctrls, struct timeval *timeout, int sizelimit,
                    int *msgidp) {
  return LDAP_NOT_SUPPORTED;
}
int ldap_search_st(LDAP *ld, LDAP_CONST char *base, int scope, LDAP_CONST char *filter,
                   char **attrs, int attrsonly, struct timeval *timeout, LDAPMessage **res) {
  if (res) *res = NULL;
  return LDAP_NOT_SUPPORTED;
}
int ldap_result(LDAP *ld, int msgid, int all, struct timeval *timeout, LDAPMessage **result) {
  if (result) *result = NULL;
  return -1;
}
int ldap_abandon_ext(LDAP *ld, int msgid, LDAPControl **serverctrls, LDAPControl **clientctrls) {
  return LDAP_SUCCESS;
}
int ldap_parse_result(LDAP *ld, LDAPMessage *res, int *errcodep, char **matcheddnp,
                      char **diagmsgp, char ***referralsp, LDAPControl ***serverctrls,
                      int freeit) {
  if (errcodep) *errcodep = LDAP_NOT_SUPPORTED;
  if (matcheddnp) *matcheddnp = NULL;
  if (diagmsgp) *diagmsgp = NULL;
  if (referralsp) *referralsp = NULL;
  if (serverctrls) *serverctrls = NULL;
  return LDAP_NOT_SUPPORTED;
}
int ldap_parse_sasl_bind_result(LDAP *ld, LDAPMessage *res, struct berval **servercredp,
                                int freeit) {
  if (servercredp) *servercredp = NULL;
  return LDAP_NOT_SUPPORTED;
}
int ldap_msgtype(LDAPMessage *lm) { return -1; }
int ldap_msgfree(LDAPMessage *lm) { return -1; }
int ldap_count_entries(LDAP *ld, LDAPMessage *chain) { return -1; }
LDAPMessage *ldap_first_entry(LDAP *ld, LDAPMessage *chain) { return NULL; }
int ldap_get_dn_ber(LDAP *ld, LDAPMessage *e, BerElement **berout, struct berval *dn) {
  if (berout) *berout = NULL;
  return LDAP_NOT_SUPPORTED;
}
int ldap_get_attribute_ber(LDAP *ld, LDAPMessage *e, BerElement *ber, struct berval *attr,
                           struct berval **vals) {
  return LDAP_NOT_SUPPORTED;
}
struct berval **ldap_get_values_len(LDAP *ld, LDAPMessage *entry, LDAP_CONST char *target) {
  return NULL;
}
void ldap_value_free_len(struct berval **vals) {}
void ldap_memfree(void *p) {}
void ber_memfree(void *p) {}
void ber_free(BerElement *ber, int freebuf) {}
void ber_bvfree(struct berval *bv) {}
int ber_sockbuf_add_io(Sockbuf *sb, Sockbuf_IO *sbio, int layer, void *arg) { return -1; }

/* ---- RTMP (libcurl's rtmp://) ---- */

RTMP *RTMP_Alloc(void) { return NULL; }
void RTMP_Init(RTMP *r) {}
void RTMP_Free(RTMP *r) {}
void RTMP_Close(RTMP *r) {}
int RTMP_SetupURL(RTMP *r, char *url) { return 0; }
void RTMP_SetBufferMS(RTMP *r, int size) {}
int RTMP_Connect1(RTMP *r, RTMPPacket *cp) { return 0; }
int RTMP_ConnectStream(RTMP *r, int seekTime) { return 0; }
int RTMP_Read(RTMP *r, char *buf, int size) { return -1; }
int RTMP_Write(RTMP *r, const char *buf, int size) { return -1; }
