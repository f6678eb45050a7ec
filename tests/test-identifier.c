/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-identifier"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-identifier.h"
#include "fp-webfinger.h"

typedef struct
{
  const char *typed;
  const char *host;
  const char *address;
  const char *resource;
} Accepted;

static void
test_accepted_forms (void)
{
  static const Accepted cases[] = {
    { "alice@mail.example", "mail.example", "alice@mail.example", "acct:alice@mail.example" },
    { "  alice@mail.example\t\n", "mail.example", "alice@mail.example", "acct:alice@mail.example" },
    { "acct:alice@mail.example", "mail.example", "alice@mail.example", "acct:alice@mail.example" },
    { "ACCT:alice@Mail.Example", "mail.example", "alice@mail.example", "acct:alice@mail.example" },
    { "mailto:alice@mail.example?subject=hi", "mail.example", "alice@mail.example",
      "acct:alice@mail.example" },
    { "mailto:alice%2Bwork@mail.example", "mail.example", "alice+work@mail.example",
      "acct:alice+work@mail.example" },
    { "alice@mail.example.", "mail.example", "alice@mail.example", "acct:alice@mail.example" },
    { "Jürgen@bücher.example", "xn--bcher-kva.example", "Jürgen@xn--bcher-kva.example",
      "acct:J%C3%BCrgen@xn--bcher-kva.example" },
    { "alice@ÉXAMPLE.org", "xn--xample-9ua.org", "alice@xn--xample-9ua.org",
      "acct:alice@xn--xample-9ua.org" },
    /* The last @ separates the host; the local part keeps the rest, percent-encoded. */
    { "\"a@b\"@mail.example", "mail.example", "\"a@b\"@mail.example",
      "acct:%22a%40b%22@mail.example" },
    { "o'brien@mail.example", "mail.example", "o'brien@mail.example",
      "acct:o'brien@mail.example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpIdentifier) identifier = fp_identifier_parse (cases[i].typed, &error);

      g_assert_no_error (error);
      g_assert_nonnull (identifier);
      g_assert_cmpstr (identifier->host, ==, cases[i].host);
      g_assert_cmpstr (identifier->address, ==, cases[i].address);
      g_assert_cmpstr (identifier->resource, ==, cases[i].resource);
    }
}

typedef struct
{
  const char *typed;
  const char *says;  /* a part of the sentence the person reads */
} Refused;

static void
test_refused_forms (void)
{
  static const Refused cases[] = {
    { "", "Type your email address" },
    { "   ", "Type your email address" },
    { NULL, "Type your email address" },
    { "alice", "has no “@”" },
    { "alice.mail.example", "has no “@”" },
    { "@mail.example", "before “@” is missing" },
    { "alice@", "after “@” is missing" },
    { "acct:", "has no “@”" },
    { "alice@localhost", "is not a domain name" },
    { "alice@mail..example", "is not a domain name" },
    { "alice@-mail.example", "is not a domain name" },
    { "alice@mail_example.org", "is not a domain name" },
    { "alice@mail.example/path", "is not a domain name" },
    { "alice@192.0.2.1", "IP address" },
    { "alice@[192.0.2.1]", "IP address" },
    { "alice@example.123", "is not a domain name" },
    { "alice@0x7f.0x1", "is not a domain name" },
    { "alice@mail.localhost", "is not a domain name" },
    { "alice@2130706433", "is not a domain name" },
    { "alice@mail.example-", "is not a domain name" },
    { "al ice@mail.example", "spaces or control characters" },
    { "mailto:alice%ZZ@mail.example", "broken" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpIdentifier) identifier = fp_identifier_parse (cases[i].typed, &error);

      g_test_message ("typed: %s", cases[i].typed ? cases[i].typed : "(null)");
      g_assert_null (identifier);
      g_assert_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static void
test_long_host_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = g_strnfill (64, 'a');
  g_autofree char *typed = g_strdup_printf ("alice@%s.example", label);
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse (typed, &error);

  g_assert_null (identifier);
  g_assert_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER);
}

static void
test_webfinger_uri (void)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse ("alice@mail.example", NULL);
  g_autofree char *uri = fp_webfinger_build_uri (identifier);

  g_assert_cmpstr (uri, ==,
                   "https://mail.example/.well-known/webfinger"
                   "?resource=acct%3Aalice%40mail.example&rel=email-autoconfig");
}

static void
test_webfinger_uri_escapes_local_part (void)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse ("a+b&c=d@mail.example", NULL);
  g_autofree char *uri = fp_webfinger_build_uri (identifier);

  /* Nothing in the resource may end the query parameter early. */
  g_assert_cmpstr (uri, ==,
                   "https://mail.example/.well-known/webfinger"
                   "?resource=acct%3Aa%2Bb%26c%3Dd%40mail.example&rel=email-autoconfig");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/identifier/accepted", test_accepted_forms);
  g_test_add_func ("/identifier/refused", test_refused_forms);
  g_test_add_func ("/identifier/long-host", test_long_host_refused);
  g_test_add_func ("/identifier/webfinger-uri", test_webfinger_uri);
  g_test_add_func ("/identifier/webfinger-uri-escapes", test_webfinger_uri_escapes_local_part);

  return g_test_run ();
}
