"""Ed25519 signatures carried by the QR codes printed on certificates and product labels, so that
anyone holding the published public key can tell a genuine code from a forged one, even offline
(docs/verification.md).

The signed message is the canonical byte string (UTF-8)

    OCOP1|<certificate number>|<stars>|<valid_until, YYYY-MM-DD>

and the QR code carries it as the verification URL's query:

    <site>/verify/<number>?s=<stars>&v=<YYYYMMDD>&k=<key id>&sig=<base64url signature, 86 chars>

A signature proves the printed number, stars and end date were issued by the register; it says
nothing about the certificate's status today (revocation needs the online check).

Keys: the private key is `settings.OCOP_SIGNING_KEY` (PEM text) or the PEM file
`settings.OCOP_SIGNING_KEY_FILE`, generated (mode 0600) on first use when missing. The public
keys of earlier signing keys stay verifiable through `settings.OCOP_RETIRED_PUBLIC_KEYS`
(base64url of the raw 32 bytes). A key is named by its id: the first 8 characters of the
base64url SHA-256 of its raw public key. Keys are loaded once per process.
"""

import base64
import binascii
import datetime
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger(__name__)

ALGORITHM = "Ed25519"
MESSAGE_VERSION = "OCOP1"
KID_LENGTH = 8
SIGNATURE_BYTES = 64
PUBLIC_KEY_BYTES = 32
CURRENT = "current"
RETIRED = "retired"
# The query parameters of a signed verification URL, in the order they are printed.
STARS_PARAM, VALID_UNTIL_PARAM, KID_PARAM, SIGNATURE_PARAM = "s", "v", "k", "sig"
SIGNED_PARAMS = (STARS_PARAM, VALID_UNTIL_PARAM, KID_PARAM, SIGNATURE_PARAM)
COMPACT_DATE = "%Y%m%d"


def b64url(data: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The bytes of unpadded (or padded) base64url text; ValueError when it is not that."""
    if not isinstance(text, str) or not text.isascii():
        raise ValueError("not base64url")
    text = text.rstrip("=")
    if len(text) % 4 == 1 or not all(c.isalnum() or c in "-_" for c in text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(raw_public: bytes) -> str:
    """The key's id: the first 8 characters of the base64url SHA-256 of the raw public key."""
    return b64url(hashlib.sha256(raw_public).digest())[:KID_LENGTH]


def message(number: str, stars: int, valid_until: datetime.date) -> bytes:
    """The canonical byte string that is signed."""
    return f"{MESSAGE_VERSION}|{number}|{int(stars)}|{valid_until.isoformat()}".encode()


# --- keys --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicKey:
    kid: str
    key: Ed25519PublicKey
    raw: bytes
    status: str  # "current" or "retired"

    def as_json(self) -> dict:
        return {
            "kid": self.kid,
            "alg": ALGORITHM,
            "public_key": b64url(self.raw),
            "status": self.status,
        }


@dataclass(frozen=True)
class KeyRing:
    private: Ed25519PrivateKey
    current: PublicKey
    by_kid: dict[str, PublicKey]  # the current key and every retired one

    @property
    def published(self) -> list[PublicKey]:
        return list(self.by_kid.values())


_rings: dict[tuple, KeyRing] = {}


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs) -> None:
    if setting.startswith("OCOP_SIGNING_KEY") or setting == "OCOP_RETIRED_PUBLIC_KEYS":
        _rings.clear()


def _load_pem(pem: bytes, origin: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{origin}: not an unencrypted PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{origin}: the signing key must be an Ed25519 key")
    return key


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _key_from_file(path: Path) -> Ed25519PrivateKey:
    """The key in `path`, generated there first (mode 0600, directory created) when missing.
    Two processes starting together agree on one key: the file appears whole, at once."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".signing-", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(_pem(Ed25519PrivateKey.generate()))
            try:
                os.link(temporary, path)  # fails when another process wrote the key meanwhile
                logger.warning("Generated a new QR signing key in %s", path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    return _load_pem(path.read_bytes(), str(path))


def _retired_keys(values) -> list[PublicKey]:
    keys = []
    for value in values or ():
        try:
            raw = b64url_decode(str(value).strip())
            if len(raw) != PUBLIC_KEY_BYTES:
                raise ValueError("not 32 bytes")
            key = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:
            logger.error(
                "OCOP_RETIRED_PUBLIC_KEYS: ignoring %r (not a base64url Ed25519 key)", value
            )
            continue
        keys.append(PublicKey(key_id(raw), key, raw, RETIRED))
    return keys


def keyring() -> KeyRing:
    """The signing key and every public key that verifies, loaded once per process."""
    pem = getattr(settings, "OCOP_SIGNING_KEY", "") or ""
    path = getattr(settings, "OCOP_SIGNING_KEY_FILE", None)
    retired = tuple(getattr(settings, "OCOP_RETIRED_PUBLIC_KEYS", ()) or ())
    cache_key = (pem, str(path), retired)
    ring = _rings.get(cache_key)
    if ring is None:
        if pem.strip():
            private = _load_pem(pem.strip().encode(), "OCOP_SIGNING_KEY")
        elif path:
            private = _key_from_file(Path(path))
        else:
            raise ImproperlyConfigured("Set OCOP_SIGNING_KEY or OCOP_SIGNING_KEY_FILE.")
        raw = raw_public_key(private.public_key())
        current = PublicKey(key_id(raw), private.public_key(), raw, CURRENT)
        by_kid = {current.kid: current}
        for key in _retired_keys(retired):
            by_kid.setdefault(key.kid, key)
        ring = _rings[cache_key] = KeyRing(private, current, by_kid)
    return ring


def public_keys() -> list[dict]:
    """The published keys (`GET /api/v1/verify/keys`): the current one first."""
    return [key.as_json() for key in keyring().published]


# --- signing and verifying ---------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """What a signed QR code says about a certificate."""

    number: str
    stars: int
    valid_until: datetime.date
    kid: str
    signature: bytes

    def params(self) -> dict[str, str]:
        """The query parameters printed in the QR code's URL."""
        return {
            STARS_PARAM: str(self.stars),
            VALID_UNTIL_PARAM: self.valid_until.strftime(COMPACT_DATE),
            KID_PARAM: self.kid,
            SIGNATURE_PARAM: b64url(self.signature),
        }


def sign(number: str, stars: int, valid_until: datetime.date) -> Claim:
    """The claim signed with the current key."""
    ring = keyring()
    signature = ring.private.sign(message(number, stars, valid_until))
    return Claim(number, int(stars), valid_until, ring.current.kid, signature)


def sign_certificate(certificate) -> Claim:
    return sign(certificate.number, certificate.stars, certificate.valid_until)


def verify(claim: Claim) -> bool:
    """Whether the claim's signature is genuine: made by a published key (current or retired)
    over exactly this number, stars and end date."""
    key = keyring().by_kid.get(claim.kid)
    if key is None or len(claim.signature) != SIGNATURE_BYTES:
        return False
    try:
        key.key.verify(claim.signature, message(claim.number, claim.stars, claim.valid_until))
    except InvalidSignature:
        return False
    return True


def claim_from_params(number: str, params) -> Claim | None:
    """The claim in the query of a scanned URL; None when it carries no signature parameter at
    all; ValueError when it carries some but they cannot be read (a tampered or broken code)."""
    if not any(name in params for name in SIGNED_PARAMS):
        return None
    values = {name: (params.get(name) or "").strip() for name in SIGNED_PARAMS}
    if not all(values.values()):
        raise ValueError("incomplete signature")
    stars_text = values[STARS_PARAM]
    if not (stars_text.isascii() and stars_text.isdigit() and len(stars_text) == 1):
        raise ValueError("bad stars")
    date_text = values[VALID_UNTIL_PARAM]
    if not (date_text.isascii() and date_text.isdigit() and len(date_text) == 8):
        raise ValueError("bad date")
    valid_until = datetime.datetime.strptime(date_text, COMPACT_DATE).date()
    kid = values[KID_PARAM]
    if len(kid) > 2 * KID_LENGTH:
        raise ValueError("bad key id")
    signature = b64url_decode(values[SIGNATURE_PARAM])
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("bad signature length")
    return Claim(number, int(stars_text), valid_until, kid, signature)
