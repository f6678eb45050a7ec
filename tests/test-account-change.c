/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-account-change"

#include "config.h"

#include <string.h>

#include "fp-account-change.h"

/* What `check` calls a change, and which changes lower security: no network, no files. */

static FpMailServer *
server (FpMailProtocol protocol,
        const char    *host,
        guint16        port,
        FpTransport    transport)
{
  return fp_mail_server_new (protocol, host, port, transport, "alice", TRUE);
}

static FpAccountRecord *
record_new (void)
{
  FpAccountRecord *record = fp_account_record_new ();
  g_autoptr(FpMailServer) in = server (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 993,
                                       FP_TRANSPORT_TLS);
  g_autoptr(FpMailServer) out = server (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", 465,
                                        FP_TRANSPORT_TLS);

  record->account = g_strdup ("alice@mail.example");
  record->address = g_strdup ("alice@mail.example");
  record->trusted = TRUE;
  fp_account_record_set_servers (record, in, out);
  return record;
}

static FpMailConfig *
config_new (FpMailServer *in,
            FpMailServer *out)
{
  FpMailConfig *config = fp_mail_config_new ("alice@mail.example");

  config->trusted = TRUE;
  g_ptr_array_add (config->incoming, in);
  g_ptr_array_add (config->outgoing, out);
  return config;
}

static const FpFieldChange *
field (const FpAccountChange *change,
       const char            *name)
{
  for (guint i = 0; i < change->fields->len; i++)
    if (g_str_equal (((FpFieldChange *) g_ptr_array_index (change->fields, i))->field, name))
      return g_ptr_array_index (change->fields, i);
  return NULL;
}

static void
test_unchanged_with_alternatives (void)
{
  g_autoptr(FpAccountRecord) record = record_new ();
  g_autoptr(FpMailConfig) config =
    config_new (server (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 993, FP_TRANSPORT_TLS),
                server (FP_MAIL_PROTOCOL_SMTP, "smtp2.mail.example", 587, FP_TRANSPORT_STARTTLS));
  g_autoptr(FpAccountChange) change = NULL;

  /* A new first choice for outgoing mail, while the written one is still published. */
  g_ptr_array_add (config->outgoing,
                   server (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", 465, FP_TRANSPORT_TLS));
  change = fp_account_change_compute (record, config);
  g_assert_true (fp_account_change_is_empty (change));
}

static void
test_port_moved (void)
{
  g_autoptr(FpAccountRecord) record = record_new ();
  g_autoptr(FpMailConfig) config =
    config_new (server (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 10993, FP_TRANSPORT_TLS),
                server (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", 465, FP_TRANSPORT_TLS));
  g_autoptr(FpAccountChange) change = fp_account_change_compute (record, config);

  g_assert_cmpuint (change->fields->len, ==, 1);
  g_assert_cmpstr (field (change, "port")->direction, ==, "incoming");
  g_assert_cmpstr (field (change, "port")->old_value, ==, "993");
  g_assert_cmpstr (field (change, "port")->new_value, ==, "10993");
  g_assert_false (fp_account_change_lowers_security (change));
  g_assert_true (fp_account_change_moves_servers (change));
}

static void
test_lowering (void)
{
  g_autoptr(FpAccountRecord) record = record_new ();
  g_autoptr(FpMailConfig) weaker =
    config_new (server (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 143, FP_TRANSPORT_STARTTLS),
                server (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", 465, FP_TRANSPORT_TLS));
  g_autoptr(FpMailConfig) foreign =
    config_new (server (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 993, FP_TRANSPORT_TLS),
                server (FP_MAIL_PROTOCOL_SMTP, "smtp.other.example", 465, FP_TRANSPORT_TLS));
  g_autoptr(FpMailConfig) moved_in_domain =
    config_new (server (FP_MAIL_PROTOCOL_IMAP, "imap2.mail.example", 993, FP_TRANSPORT_TLS),
                server (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", 465, FP_TRANSPORT_TLS));
  g_autoptr(FpAccountChange) a = fp_account_change_compute (record, weaker);
  g_autoptr(FpAccountChange) b = fp_account_change_compute (record, foreign);
  g_autoptr(FpAccountChange) c = NULL;

  g_assert_true (fp_account_change_lowers_security (a));
  g_assert_nonnull (strstr (g_ptr_array_index (a->concerns, 0), "STARTTLS"));
  g_assert_true (fp_account_change_lowers_security (b));
  g_assert_nonnull (strstr (g_ptr_array_index (b->concerns, 0), "other.example"));
  c = fp_account_change_compute (record, moved_in_domain);
  g_assert_false (fp_account_change_lowers_security (c));
  g_assert_cmpstr (field (c, "host")->new_value, ==, "imap2.mail.example");

  /* Settings that are no longer trusted (from DNS now) need a yes as well. */
  moved_in_domain->trusted = FALSE;
  g_clear_pointer (&c, fp_account_change_free);
  c = fp_account_change_compute (record, moved_in_domain);
  g_assert_true (fp_account_change_lowers_security (c));
}

static void
test_sign_in_method (void)
{
  g_autoptr(FpAccountRecord) record = record_new ();
  const FpAuthMethod cram[] = { FP_AUTH_CRAM_MD5, FP_AUTH_PASSWORD };
  const FpAuthMethod password[] = { FP_AUTH_PASSWORD };
  FpMailServer *in = server (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 993, FP_TRANSPORT_TLS);
  g_autoptr(FpMailConfig) config =
    config_new (in, server (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", 465, FP_TRANSPORT_TLS));
  g_autoptr(FpAccountChange) reordered = NULL;
  g_autoptr(FpAccountChange) dropped = NULL;

  fp_mail_server_set_auth_methods (record->incoming, cram, 2);
  /* The provider lists the method in use second now: the programs keep it, nothing changed. */
  fp_mail_server_set_auth_methods (in, (const FpAuthMethod[]) { FP_AUTH_PASSWORD,
                                                                FP_AUTH_CRAM_MD5 }, 2);
  reordered = fp_account_change_compute (record, config);
  g_assert_true (fp_account_change_is_empty (reordered));
  /* It no longer offers it at all: a change of sign-in method. */
  fp_mail_server_set_auth_methods (in, password, 1);
  dropped = fp_account_change_compute (record, config);
  g_assert_cmpstr (field (dropped, "authentication")->old_value, ==, "cram-md5");
  g_assert_cmpstr (field (dropped, "authentication")->new_value, ==, "password");
}

/*
 * PACC: a republished document (a new digest its TXT record states) is a
 * change even with the same servers, which need no writing; a record from
 * before digests were kept compares none.
 */
static void
test_pacc_digest (void)
{
  g_autoptr(FpAccountRecord) record = record_new ();
  g_autoptr(FpMailConfig) config =
    config_new (server (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 993, FP_TRANSPORT_TLS),
                server (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", 465, FP_TRANSPORT_TLS));
  g_autoptr(FpAccountChange) change = NULL;
  g_autoptr(FpAccountChange) unknown = NULL;
  const FpFieldChange *digest;

  record->source_kind = FP_CONFIG_SOURCE_PACC;
  config->source_kind = FP_CONFIG_SOURCE_PACC;
  config->pacc_digest = g_strdup ("bmV3");
  unknown = fp_account_change_compute (record, config);
  g_assert_true (fp_account_change_is_empty (unknown));

  record->pacc_digest = g_strdup ("b2xk");
  change = fp_account_change_compute (record, config);
  g_assert_false (fp_account_change_is_empty (change));
  g_assert_false (fp_account_change_moves_servers (change));
  g_assert_false (fp_account_change_lowers_security (change));
  digest = field (change, "pacc-digest");
  g_assert_nonnull (digest);
  g_assert_cmpstr (digest->direction, ==, "source");
  g_assert_cmpstr (digest->old_value, ==, "b2xk");
  g_assert_cmpstr (digest->new_value, ==, "bmV3");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/account-change/unchanged-with-alternatives",
                   test_unchanged_with_alternatives);
  g_test_add_func ("/account-change/port-moved", test_port_moved);
  g_test_add_func ("/account-change/lowering", test_lowering);
  g_test_add_func ("/account-change/sign-in-method", test_sign_in_method);
  g_test_add_func ("/account-change/pacc-digest", test_pacc_digest);
  return g_test_run ();
}
