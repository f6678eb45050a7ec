/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-system-trust"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-system-trust.h"

/*
 * The system's authorities, read once. glib-networking 2.74 gives every TLS
 * connection whose database is its own kind a freshly parsed copy of the whole
 * system store (some 140 authorities, held as long as the connection lives), though
 * it verifies the peer through the database anyway. A connection given this
 * database, which asks the system's default for every answer, gets no copy: the
 * same verification, without the copies. It is also the TLS backend's default, for
 * the connections that libsoup 3.2 makes before it gives them the session's database:
 * each of them parsed a copy too, and the heap kept the space (6 MB at the demo's done
 * page). The system store is read when the first connection asks, not when the program
 * starts.
 */
struct _FpSystemTrust
{
  GTlsDatabase  parent_instance;

  gsize         loaded;
  GTlsDatabase *system;  /* read at the first question: the start of the program needs none */
};

G_DEFINE_FINAL_TYPE (FpSystemTrust, fp_system_trust, G_TYPE_TLS_DATABASE)

/* Verification may run in a thread of its own: the first to ask reads the store. */
static GTlsDatabase *
system_of (GTlsDatabase *database)
{
  FpSystemTrust *self = FP_SYSTEM_TRUST (database);

  if (g_once_init_enter (&self->loaded))
    {
      GTlsBackend *backend = g_tls_backend_get_default ();

      /* This database is the backend's default (fp_system_trust_get()): NULL brings back the
       * backend's own, the system store, for this one call. */
      g_tls_backend_set_default_database (backend, NULL);
      self->system = g_tls_backend_get_default_database (backend);
      g_tls_backend_set_default_database (backend, database);
      g_once_init_leave (&self->loaded, 1);
    }
  return self->system;
}

static GTlsCertificateFlags
fp_system_trust_verify_chain (GTlsDatabase             *database,
                              GTlsCertificate          *chain,
                              const char               *purpose,
                              GSocketConnectable       *identity,
                              GTlsInteraction          *interaction,
                              GTlsDatabaseVerifyFlags   flags,
                              GCancellable             *cancellable,
                              GError                  **error)
{
  if (system_of (database) == NULL)
    {
      g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                           _("This computer has no store of certificate authorities"));
      return G_TLS_CERTIFICATE_GENERIC_ERROR;
    }
  return g_tls_database_verify_chain (system_of (database), chain, purpose,
                                      identity, interaction, flags, cancellable, error);
}

static char *
fp_system_trust_create_certificate_handle (GTlsDatabase    *database,
                                           GTlsCertificate *certificate)
{
  return g_tls_database_create_certificate_handle (system_of (database),
                                                   certificate);
}

static GTlsCertificate *
fp_system_trust_lookup_certificate_for_handle (GTlsDatabase             *database,
                                               const char               *handle,
                                               GTlsInteraction          *interaction,
                                               GTlsDatabaseLookupFlags   flags,
                                               GCancellable             *cancellable,
                                               GError                  **error)
{
  return g_tls_database_lookup_certificate_for_handle (system_of (database),
                                                       handle, interaction, flags,
                                                       cancellable, error);
}

static GTlsCertificate *
fp_system_trust_lookup_certificate_issuer (GTlsDatabase             *database,
                                           GTlsCertificate          *certificate,
                                           GTlsInteraction          *interaction,
                                           GTlsDatabaseLookupFlags   flags,
                                           GCancellable             *cancellable,
                                           GError                  **error)
{
  return g_tls_database_lookup_certificate_issuer (system_of (database),
                                                   certificate, interaction, flags,
                                                   cancellable, error);
}

static GList *
fp_system_trust_lookup_certificates_issued_by (GTlsDatabase             *database,
                                               GByteArray               *issuer_raw_dn,
                                               GTlsInteraction          *interaction,
                                               GTlsDatabaseLookupFlags   flags,
                                               GCancellable             *cancellable,
                                               GError                  **error)
{
  return g_tls_database_lookup_certificates_issued_by (system_of (database),
                                                       issuer_raw_dn, interaction, flags,
                                                       cancellable, error);
}

static void
fp_system_trust_finalize (GObject *object)
{
  g_clear_object (&FP_SYSTEM_TRUST (object)->system);
  G_OBJECT_CLASS (fp_system_trust_parent_class)->finalize (object);
}

static void
fp_system_trust_class_init (FpSystemTrustClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = fp_system_trust_finalize;
  /* The asynchronous forms are GTlsDatabase's own: these, in a thread. */
  database_class->verify_chain = fp_system_trust_verify_chain;
  database_class->create_certificate_handle = fp_system_trust_create_certificate_handle;
  database_class->lookup_certificate_for_handle = fp_system_trust_lookup_certificate_for_handle;
  database_class->lookup_certificate_issuer = fp_system_trust_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = fp_system_trust_lookup_certificates_issued_by;
}

static void
fp_system_trust_init (FpSystemTrust *self)
{
}

/**
 * fp_system_trust_get:
 *
 * Returns: (transfer none): the database for every client connection of the process
 */
GTlsDatabase *
fp_system_trust_get (void)
{
  static gsize once;
  static FpSystemTrust *trust;

  if (g_once_init_enter (&once))
    {
      trust = g_object_new (FP_TYPE_SYSTEM_TRUST, NULL);
      /* libsoup 3.2 makes each TLS connection with the backend's default database and sets
       * the session's only after: as the default, this one spares each HTTPS connection
       * the parse of a copy of the whole store. */
      g_tls_backend_set_default_database (g_tls_backend_get_default (), G_TLS_DATABASE (trust));
      g_once_init_leave (&once, 1);
    }
  return G_TLS_DATABASE (trust);
}
