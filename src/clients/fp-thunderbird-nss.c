/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <cert.h>
#include <certdb.h>
#include <nss.h>
#include <pk11pub.h>
#include <prerror.h>
#include <secasn1.h>
#include <secerr.h>
#include <secoid.h>

#include "fp-clients-error.h"
#include "fp-thunderbird-nss.h"

/*
 * Thunderbird keeps its passwords encrypted with NSS's "secret decoder ring"
 * (SDR): a symmetric key in the profile's key4.db, found by a fixed key ID,
 * and each value stored as base64 of
 *
 *   SEQUENCE { OCTET STRING keyid, AlgorithmIdentifier { cipher, OCTET STRING iv },
 *              OCTET STRING ciphertext (CBC, PKCS #7 padding) }
 *
 * Thunderbird 115 and later make that key AES-256 at their first start. NSS
 * 3.87 (Debian 12) has only PK11SDR_Encrypt, which always encrypts with
 * 3DES: given the AES key it fails with SEC_ERROR_INVALID_KEY, and
 * PK11SDR_EncryptWithMechanism, which Thunderbird's newer bundled NSS uses,
 * does not exist there. Loading Thunderbird's private libnss3.so instead
 * would tie us to its install layout and put two NSS builds in one process.
 *
 * So the SDR envelope is built here, with primitives 3.87 has: find the key
 * with the SDR key ID in key4.db, prefer an AES key (what Thunderbird itself
 * uses once it has one), else a 3DES key, encrypt with that key's own CBC
 * mechanism and write the algorithm into the envelope, exactly as NSS's SDR
 * code does. Thunderbird decrypts by the envelope's algorithm and key ID, so
 * it reads both. On a profile Thunderbird never started there is no key4.db
 * yet: NSS creates it, with an empty password as Thunderbird would, and we
 * make the 3DES key that PK11SDR_Encrypt of 3.87 would have made; Thunderbird
 * accepts it and adds its own AES key beside it later.
 *
 * NSS has one internal key slot per process, so one profile is open at a
 * time (the mutex); the writer opens it only while it holds the profile's
 * lock, with Thunderbird not running.
 */

struct _FpThunderbirdNss
{
  NSSInitContext *context;
  PK11SlotInfo   *slot;
  gboolean        primary_password;
};

typedef struct
{
  SECItem        keyid;
  SECAlgorithmID alg;
  SECItem        data;
} SdrEnvelope;

SEC_ASN1_MKSUB (SECOID_AlgorithmIDTemplate)
SEC_ASN1_MKSUB (SEC_OctetStringTemplate)

static const SEC_ASN1Template sdr_template[] = {
  { SEC_ASN1_SEQUENCE, 0, NULL, sizeof (SdrEnvelope) },
  { SEC_ASN1_OCTET_STRING, offsetof (SdrEnvelope, keyid), NULL, 0 },
  { SEC_ASN1_INLINE | SEC_ASN1_XTRN, offsetof (SdrEnvelope, alg),
    SEC_ASN1_SUB (SECOID_AlgorithmIDTemplate), 0 },
  { SEC_ASN1_OCTET_STRING, offsetof (SdrEnvelope, data), NULL, 0 },
  { 0, 0, NULL, 0 }
};

/* NSS's default SDR key ID (pk11sdr.c), the one Thunderbird's login manager uses. */
static unsigned char sdr_key_id[] = {
  0xF8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01
};

static GMutex nss_mutex;

static void
set_nss_error (GError     **error,
               int          code,
               const char  *what)
{
  PRErrorCode nss_code = PR_GetError ();
  const char *name = PR_ErrorToName (nss_code);

  g_set_error (error, FP_CLIENTS_ERROR, code, "%s (%s)", what, name != NULL ? name : "?");
}

/**
 * fp_thunderbird_nss_open:
 *
 * Opens @profile_dir's cert9.db and key4.db read-write, creating them (with
 * an empty password, as Thunderbird's first start does) when missing.
 *
 * Returns: (transfer full): the databases, or %NULL with
 *   %FP_CLIENTS_ERROR_BAD_FILE
 */
FpThunderbirdNss *
fp_thunderbird_nss_open (const char  *profile_dir,
                         GError     **error)
{
  g_autofree char *config = g_strconcat ("sql:", profile_dir, NULL);
  FpThunderbirdNss *self;

  g_mutex_lock (&nss_mutex);
  self = g_new0 (FpThunderbirdNss, 1);
  self->context = NSS_InitContext (config, "", "", "", NULL,
                                   NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT);
  if (self->context == NULL)
    {
      set_nss_error (error, FP_CLIENTS_ERROR_BAD_FILE,
                     _("Could not open the Thunderbird profile’s key database"));
      fp_thunderbird_nss_close (self);
      return NULL;
    }
  self->slot = PK11_GetInternalKeySlot ();
  if (PK11_NeedUserInit (self->slot) && PK11_InitPin (self->slot, NULL, "") != SECSuccess)
    {
      set_nss_error (error, FP_CLIENTS_ERROR_BAD_FILE,
                     _("Could not set up the Thunderbird profile’s key database"));
      fp_thunderbird_nss_close (self);
      return NULL;
    }
  /* An empty password opens the database by itself; anything else is a primary password. */
  if (PK11_NeedLogin (self->slot) && !PK11_IsLoggedIn (self->slot, NULL) &&
      PK11_CheckUserPassword (self->slot, "") != SECSuccess)
    self->primary_password = TRUE;
  return self;
}

void
fp_thunderbird_nss_close (FpThunderbirdNss *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->slot, PK11_FreeSlot);
  if (self->context != NULL && NSS_ShutdownContext (self->context) != SECSuccess)
    g_warning ("NSS did not shut down cleanly: %s", PR_ErrorToName (PR_GetError ()));
  g_free (self);
  g_mutex_unlock (&nss_mutex);
}

/* With a primary password nothing can be encrypted without asking the person for it. */
gboolean
fp_thunderbird_nss_has_primary_password (FpThunderbirdNss *self)
{
  return self->primary_password;
}

static PK11SymKey *
find_key (PK11SlotInfo  *slot,
          const SECItem *keyid,
          CK_KEY_TYPE    type)
{
  PK11SymKey *key = PK11_ListFixedKeysInSlot (slot, NULL, NULL);
  PK11SymKey *found = NULL;

  while (key != NULL)
    {
      PK11SymKey *next = PK11_GetNextSymKey (key);
      SECItem id = { siBuffer, NULL, 0 };

      if (found == NULL && PK11_GetSymKeyType (key) == type &&
          PK11_ReadRawAttribute (PK11_TypeSymKey, key, CKA_ID, &id) == SECSuccess &&
          SECITEM_ItemsAreEqual (&id, keyid))
        found = key;
      else
        PK11_FreeSymKey (key);
      SECITEM_FreeItem (&id, PR_FALSE);
      key = next;
    }
  return found;
}

static SECOidTag
aes_oid (PK11SymKey *key)
{
  switch (PK11_GetKeyLength (key))
    {
    case 16:
      return SEC_OID_AES_128_CBC;
    case 24:
      return SEC_OID_AES_192_CBC;
    default:
      return SEC_OID_AES_256_CBC;
    }
}

static char *
seal (PK11SymKey         *key,
      CK_MECHANISM_TYPE   mechanism,
      SECOidTag           oid,
      guint               block,
      const char         *text,
      GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  unsigned char iv[16];
  SECItem iv_item = { siBuffer, iv, block };
  gsize length = strlen (text);
  unsigned int max = length + block, out_length = 0;
  g_autofree unsigned char *out = g_malloc (max);
  SECItem *param = NULL;
  PLArenaPool *arena = PORT_NewArena (2048);
  SdrEnvelope envelope = { { siBuffer, sdr_key_id, sizeof sdr_key_id } };
  SECItem *iv_der, *der;
  char *encoded = NULL;

  if (PK11_GenerateRandom (iv, block) == SECSuccess &&
      (param = PK11_ParamFromIV (mechanism, &iv_item)) != NULL &&
      PK11_Encrypt (key, mechanism, param, out, &out_length, max, (const unsigned char *) text,
                    length) == SECSuccess &&
      (iv_der = SEC_ASN1EncodeItem (arena, NULL, &iv_item,
                                    SEC_ASN1_GET (SEC_OctetStringTemplate))) != NULL &&
      SECOID_SetAlgorithmID (arena, &envelope.alg, oid, iv_der) == SECSuccess)
    {
      envelope.data = (SECItem) { siBuffer, out, out_length };
      der = SEC_ASN1EncodeItem (arena, NULL, &envelope, sdr_template);
      if (der != NULL)
        encoded = g_base64_encode (der->data, der->len);
    }
  if (encoded == NULL)
    set_nss_error (error, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not encrypt for the Thunderbird profile"));
  if (param != NULL)
    SECITEM_FreeItem (param, PR_TRUE);
  PORT_FreeArena (arena, PR_TRUE);
  return encoded;
}

/**
 * fp_thunderbird_nss_encrypt:
 *
 * Returns: (transfer full): @text as Thunderbird's login manager stores it
 *   (base64 of an SDR envelope), or %NULL with an #FpClientsError
 */
char *
fp_thunderbird_nss_encrypt (FpThunderbirdNss  *self,
                            const char        *text,
                            GError           **error)
{
  SECItem keyid = { siBuffer, sdr_key_id, sizeof sdr_key_id };
  PK11SymKey *key;
  char *sealed;

  g_return_val_if_fail (!self->primary_password, NULL);

  if ((key = find_key (self->slot, &keyid, CKK_AES)) != NULL)
    sealed = seal (key, CKM_AES_CBC_PAD, aes_oid (key), 16, text, error);
  else
    {
      key = find_key (self->slot, &keyid, CKK_DES3);
      if (key == NULL)
        key = PK11_TokenKeyGen (self->slot, CKM_DES3_CBC, NULL, 0, &keyid, PR_TRUE, NULL);
      if (key == NULL)
        {
          set_nss_error (error, FP_CLIENTS_ERROR_WRITE_FAILED,
                         _("Could not make a key in the Thunderbird profile"));
          return NULL;
        }
      sealed = seal (key, CKM_DES3_CBC_PAD, SEC_OID_DES_EDE3_CBC, 8, text, error);
    }
  PK11_FreeSymKey (key);
  return sealed;
}

static gboolean
cipher_for (SECOidTag           tag,
            CK_MECHANISM_TYPE  *mechanism,
            CK_KEY_TYPE        *key_type)
{
  switch (tag)
    {
    case SEC_OID_AES_128_CBC:
    case SEC_OID_AES_192_CBC:
    case SEC_OID_AES_256_CBC:
      *mechanism = CKM_AES_CBC_PAD;
      *key_type = CKK_AES;
      return TRUE;
    case SEC_OID_DES_EDE3_CBC:
      *mechanism = CKM_DES3_CBC_PAD;
      *key_type = CKK_DES3;
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
open_envelope (PK11SlotInfo   *slot,
               PLArenaPool    *arena,
               const SECItem  *der)
{
  SdrEnvelope envelope = { { 0 } };
  SECItem iv = { siBuffer, NULL, 0 };
  CK_MECHANISM_TYPE mechanism;
  CK_KEY_TYPE key_type;
  PK11SymKey *key = NULL;
  SECItem *param = NULL;
  unsigned char *out;
  unsigned int out_length = 0;
  char *text = NULL;

  if (SEC_QuickDERDecodeItem (arena, &envelope, sdr_template, der) != SECSuccess ||
      !cipher_for (SECOID_GetAlgorithmTag (&envelope.alg), &mechanism, &key_type) ||
      SEC_QuickDERDecodeItem (arena, &iv, SEC_ASN1_GET (SEC_OctetStringTemplate),
                              &envelope.alg.parameters) != SECSuccess ||
      (key = find_key (slot, &envelope.keyid, key_type)) == NULL ||
      (param = PK11_ParamFromIV (mechanism, &iv)) == NULL)
    goto out;
  out = g_malloc (envelope.data.len + 1);
  if (PK11_Decrypt (key, mechanism, param, out, &out_length, envelope.data.len,
                    envelope.data.data, envelope.data.len) == SECSuccess)
    {
      out[out_length] = '\0';
      text = (char *) out;
    }
  else
    g_free (out);
out:
  if (param != NULL)
    SECITEM_FreeItem (param, PR_TRUE);
  if (key != NULL)
    PK11_FreeSymKey (key);
  return text;
}

/**
 * fp_thunderbird_nss_decrypt:
 *
 * Reads a value the login manager stored (ours or Thunderbird's own).
 *
 * Returns: (transfer full): the text, or %NULL when it cannot be read with
 *   this profile's keys
 */
char *
fp_thunderbird_nss_decrypt (FpThunderbirdNss  *self,
                            const char        *base64,
                            GError           **error)
{
  gsize length = 0;
  g_autofree guchar *raw = NULL;
  SECItem der;
  PLArenaPool *arena;
  char *text;

  if (self->primary_password || base64 == NULL || *base64 == '\0')
    goto fail;
  raw = g_base64_decode (base64, &length);
  der = (SECItem) { siBuffer, raw, length };
  arena = PORT_NewArena (1024);
  text = open_envelope (self->slot, arena, &der);
  PORT_FreeArena (arena, PR_FALSE);
  if (text != NULL && g_utf8_validate (text, -1, NULL))
    return text;
  g_free (text);
fail:
  g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
               _("A stored login cannot be read with this profile’s key."));
  return NULL;
}

/* Authorities (cert9.db) */

static GPtrArray *
read_pem_certificates (const char  *pem_file,
                       GError     **error)
{
  static const char begin[] = "-----BEGIN CERTIFICATE-----";
  static const char end[] = "-----END CERTIFICATE-----";
  g_autoptr(GPtrArray) certificates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *at;

  if (!g_file_get_contents (pem_file, &text, NULL, &local_error))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE, _("Could not read %s: %s"),
                   pem_file, local_error->message);
      return NULL;
    }
  for (at = strstr (text, begin); at != NULL; at = strstr (at, begin))
    {
      const char *body = at + strlen (begin);
      const char *stop = strstr (body, end);
      g_autofree char *base64 = NULL;
      gsize length = 0;
      guchar *der;

      if (stop == NULL)
        break;
      base64 = g_strndup (body, stop - body);
      der = g_base64_decode (base64, &length);
      g_ptr_array_add (certificates, g_bytes_new_take (der, length));
      at = stop + strlen (end);
    }
  if (certificates->len == 0)
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                   _("%s holds no PEM certificate."), pem_file);
      return NULL;
    }
  return g_steal_pointer (&certificates);
}

static char *
nickname_for (CERTCertificate *certificate)
{
  g_autofree char *name = CERT_GetCommonName (&certificate->subject);

  return g_strdup_printf ("%s (Fingerpost)", name != NULL ? name : certificate->subjectName);
}

/* Trusted to issue server certificates ("C,," in certutil's words); other trust kept. */
static gboolean
trust_for_servers (CERTCertificate  *certificate,
                   gboolean          imported,
                   GError          **error)
{
  CERTCertTrust trust = { 0 };

  if (!imported && CERT_GetCertTrust (certificate, &trust) == SECSuccess &&
      (trust.sslFlags & CERTDB_TRUSTED_CA) != 0)
    return TRUE;
  trust.sslFlags |= CERTDB_TRUSTED_CA | CERTDB_VALID_CA;
  if (CERT_ChangeCertTrust (CERT_GetDefaultCertDB (), certificate, &trust) != SECSuccess)
    {
      set_nss_error (error, FP_CLIENTS_ERROR_WRITE_FAILED,
                     _("Could not trust the authority in the Thunderbird profile"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_certificate (FpThunderbirdNss  *self,
                 GBytes            *der,
                 GPtrArray         *added,
                 GError           **error)
{
  SECItem item = { siBuffer, (unsigned char *) g_bytes_get_data (der, NULL),
                   g_bytes_get_size (der) };
  CERTCertificate *certificate = PK11_FindCertFromDERCertItem (self->slot, &item, NULL);
  gboolean imported = FALSE;
  gboolean ok;

  if (certificate == NULL)
    {
      g_autofree char *nickname = NULL;

      certificate = CERT_NewTempCertificate (CERT_GetDefaultCertDB (), &item, NULL, PR_FALSE,
                                             PR_TRUE);
      if (certificate == NULL)
        {
          set_nss_error (error, FP_CLIENTS_ERROR_BAD_FILE, _("Not a certificate authority"));
          return FALSE;
        }
      nickname = nickname_for (certificate);
      if (PK11_ImportCert (self->slot, certificate, CK_INVALID_HANDLE, nickname, PR_FALSE) !=
          SECSuccess)
        {
          set_nss_error (error, FP_CLIENTS_ERROR_WRITE_FAILED,
                         _("Could not add the authority to the Thunderbird profile"));
          CERT_DestroyCertificate (certificate);
          return FALSE;
        }
      imported = TRUE;
      g_ptr_array_add (added, g_bytes_ref (der));
    }
  ok = trust_for_servers (certificate, imported, error);
  CERT_DestroyCertificate (certificate);
  return ok;
}

/**
 * fp_thunderbird_nss_add_authority:
 * @added: (element-type GBytes): receives each certificate that was not
 *   there before, for fp_thunderbird_nss_remove_authorities()
 *
 * Adds every certificate of @pem_file to cert9.db, trusted to identify
 * servers: Thunderbird trusts only its own store, never the system's.
 */
gboolean
fp_thunderbird_nss_add_authority (FpThunderbirdNss  *self,
                                  const char        *pem_file,
                                  GPtrArray         *added,
                                  GError           **error)
{
  g_autoptr(GPtrArray) certificates = read_pem_certificates (pem_file, error);

  if (certificates == NULL)
    return FALSE;
  for (guint i = 0; i < certificates->len; i++)
    if (!add_certificate (self, g_ptr_array_index (certificates, i), added, error))
      {
        fp_thunderbird_nss_remove_authorities (self, added);
        return FALSE;
      }
  return TRUE;
}

/* Takes out again what fp_thunderbird_nss_add_authority() added, when the write fails later. */
void
fp_thunderbird_nss_remove_authorities (FpThunderbirdNss *self,
                                       GPtrArray        *added)
{
  for (guint i = 0; i < added->len; i++)
    {
      GBytes *der = g_ptr_array_index (added, i);
      SECItem item = { siBuffer, (unsigned char *) g_bytes_get_data (der, NULL),
                       g_bytes_get_size (der) };
      CERTCertificate *certificate = PK11_FindCertFromDERCertItem (self->slot, &item, NULL);

      if (certificate == NULL)
        continue;
      SEC_DeletePermCertificate (certificate);
      CERT_DestroyCertificate (certificate);
    }
  g_ptr_array_set_size (added, 0);
}
