"""The Ed25519 signatures of the QR codes: the message, the keys, round trips and tampering."""

import base64
import datetime
import hashlib
import os
import re
import stat
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured

from ocop.certification import signing
from ocop.certification.printing import signed_verification_url

NUMBER = "12/2026/GCN-OCOP-48"
UNTIL = datetime.date(2029, 11, 28)


def pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def raw(key: Ed25519PrivateKey) -> bytes:
    return signing.raw_public_key(key.public_key())


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def key_file(settings, tmp_path):
    """A fresh key file location for the test (generated on first use)."""
    settings.OCOP_SIGNING_KEY = ""
    settings.OCOP_SIGNING_KEY_FILE = tmp_path / "keys" / "signing-key.pem"
    settings.OCOP_RETIRED_PUBLIC_KEYS = []
    return settings.OCOP_SIGNING_KEY_FILE


def tampered(claim: signing.Claim, **changes) -> signing.Claim:
    return signing.Claim(**{**claim.__dict__, **changes})


# --- the message and the key id ----------------------------------------------------------


def test_the_signed_message_is_canonical():
    assert signing.message(NUMBER, 4, UNTIL) == b"OCOP1|12/2026/GCN-OCOP-48|4|2029-11-28"
    assert signing.message("Số 5/2026", 3, UNTIL) == "OCOP1|Số 5/2026|3|2029-11-28".encode()


def test_the_key_id_is_8_characters_of_the_base64url_sha256_of_the_raw_public_key():
    key = Ed25519PrivateKey.generate()
    expected = b64(hashlib.sha256(raw(key)).digest())[:8]

    assert signing.key_id(raw(key)) == expected
    assert len(expected) == 8


# --- round trip and tampering ------------------------------------------------------------


def test_a_signature_verifies(key_file):
    claim = signing.sign(NUMBER, 4, UNTIL)

    assert signing.verify(claim)
    assert len(claim.signature) == 64
    assert claim.kid == signing.keyring().current.kid
    # Anyone can check it with the published public key alone.
    published = signing.public_keys()[0]
    public = Ed25519PublicKey.from_public_bytes(signing.b64url_decode(published["public_key"]))
    public.verify(claim.signature, b"OCOP1|12/2026/GCN-OCOP-48|4|2029-11-28")


def test_the_url_parameters_round_trip(key_file):
    claim = signing.sign(NUMBER, 4, UNTIL)

    params = claim.params()

    assert list(params) == ["s", "v", "k", "sig"]
    assert params["s"] == "4" and params["v"] == "20291128"
    assert len(params["sig"]) == 86 and "=" not in params["sig"]
    assert signing.claim_from_params(NUMBER, params) == claim


@pytest.mark.parametrize(
    "change",
    [
        {"stars": 5},
        {"stars": 3},
        {"valid_until": UNTIL + datetime.timedelta(days=1)},
        {"valid_until": datetime.date(2030, 11, 28)},
        {"number": "13/2026/GCN-OCOP-48"},
        {"number": NUMBER + " "},
        {"signature": bytes(64)},
        {"signature": b"\x01" * 64},
        {"signature": b"short"},
        {"kid": "AAAAAAAA"},
        {"kid": ""},
    ],
    ids=lambda change: next(iter(change)),
)
def test_a_changed_claim_does_not_verify(key_file, change):
    claim = signing.sign(NUMBER, 4, UNTIL)

    assert not signing.verify(tampered(claim, **change))


def test_a_flipped_bit_of_the_signature_does_not_verify(key_file):
    claim = signing.sign(NUMBER, 4, UNTIL)
    for index in (0, 31, 63):
        signature = bytearray(claim.signature)
        signature[index] ^= 0x01
        assert not signing.verify(tampered(claim, signature=bytes(signature)))


def test_a_foreign_key_does_not_verify_even_under_our_key_id(key_file):
    foreign = Ed25519PrivateKey.generate()
    ours = signing.keyring().current.kid
    message = signing.message(NUMBER, 4, UNTIL)

    claim = signing.Claim(NUMBER, 4, UNTIL, ours, foreign.sign(message))
    assert not signing.verify(claim)
    claim = signing.Claim(NUMBER, 4, UNTIL, signing.key_id(raw(foreign)), foreign.sign(message))
    assert not signing.verify(claim)


def test_a_signature_under_another_key_id_does_not_verify(key_file, settings):
    claim = signing.sign(NUMBER, 4, UNTIL)
    retired = Ed25519PrivateKey.generate()
    settings.OCOP_RETIRED_PUBLIC_KEYS = [b64(raw(retired))]

    # A genuine signature presented as made by the retired key.
    assert not signing.verify(tampered(claim, kid=signing.key_id(raw(retired))))


@pytest.mark.parametrize(
    "params",
    [
        {"s": "4"},
        {"s": "4", "v": "20291128", "k": "abcdefgh"},
        {"s": "four", "v": "20291128", "k": "abcdefgh", "sig": "A" * 86},
        {"s": "44", "v": "20291128", "k": "abcdefgh", "sig": "A" * 86},
        {"s": "٤", "v": "20291128", "k": "abcdefgh", "sig": "A" * 86},
        {"s": "4", "v": "2029-11-28", "k": "abcdefgh", "sig": "A" * 86},
        {"s": "4", "v": "20291331", "k": "abcdefgh", "sig": "A" * 86},
        {"s": "4", "v": "20291128", "k": "x" * 40, "sig": "A" * 86},
        {"s": "4", "v": "20291128", "k": "abcdefgh", "sig": "A" * 85},
        {"s": "4", "v": "20291128", "k": "abcdefgh", "sig": "A" * 80},
        {"s": "4", "v": "20291128", "k": "abcdefgh", "sig": "not base64!" * 8},
        {"s": "4", "v": "20291128", "k": "abcdefgh", "sig": "é" * 86},
    ],
)
def test_unreadable_parameters_are_refused(params):
    with pytest.raises(ValueError):
        signing.claim_from_params(NUMBER, params)


def test_a_url_without_signature_parameters_carries_no_claim():
    assert signing.claim_from_params(NUMBER, {}) is None
    assert signing.claim_from_params(NUMBER, {"lang": "en"}) is None


# --- keys --------------------------------------------------------------------------------


def test_a_missing_key_file_is_generated_private_and_reused(key_file):
    assert not key_file.exists()

    ring = signing.keyring()

    assert key_file.exists()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert not [p for p in key_file.parent.iterdir() if p != key_file]  # no temporary left
    signing._rings.clear()  # another process reads the same file
    assert signing.keyring().current.raw == ring.current.raw


def test_the_keys_are_loaded_once_per_process(key_file):
    first = signing.keyring()
    key_file.unlink()

    assert signing.keyring() is first


def test_a_pem_key_in_the_settings_wins(key_file, settings):
    key = Ed25519PrivateKey.generate()
    settings.OCOP_SIGNING_KEY = pem(key)

    assert signing.keyring().current.raw == raw(key)
    assert signing.keyring().current.kid == signing.key_id(raw(key))
    assert not key_file.exists()


def test_a_key_that_is_not_ed25519_is_refused(key_file, settings):
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1())
    settings.OCOP_SIGNING_KEY = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with pytest.raises(ImproperlyConfigured):
        signing.keyring()
    settings.OCOP_SIGNING_KEY = "not a key"
    with pytest.raises(ImproperlyConfigured):
        signing.keyring()


def test_a_retired_key_still_verifies_what_it_signed(key_file, settings):
    old = Ed25519PrivateKey.generate()
    settings.OCOP_SIGNING_KEY = pem(old)
    claim = signing.sign(NUMBER, 4, UNTIL)
    # The key is rotated: a new signing key, the old public key retired.
    settings.OCOP_SIGNING_KEY = pem(Ed25519PrivateKey.generate())
    settings.OCOP_RETIRED_PUBLIC_KEYS = [b64(raw(old))]

    assert signing.verify(claim)
    assert claim.kid != signing.keyring().current.kid
    assert signing.verify(signing.sign(NUMBER, 4, UNTIL))
    # Without the retired key published, the old codes no longer verify.
    settings.OCOP_RETIRED_PUBLIC_KEYS = []
    assert not signing.verify(claim)


def test_published_keys_list_the_current_then_the_retired(key_file, settings):
    old = Ed25519PrivateKey.generate()
    settings.OCOP_RETIRED_PUBLIC_KEYS = [b64(raw(old)), "garbage", b64(b"short")]

    keys = signing.public_keys()

    current = signing.keyring().current
    assert keys == [
        {"kid": current.kid, "alg": "Ed25519", "public_key": b64(current.raw), "status": "current"},
        {
            "kid": signing.key_id(raw(old)),
            "alg": "Ed25519",
            "public_key": b64(raw(old)),
            "status": "retired",
        },
    ]


# --- the URL printed in the QR codes ------------------------------------------------------


def test_the_signed_url_verifies_offline(certificate):
    url = signed_verification_url(certificate)

    parts = urlsplit(url)
    number = unquote(parts.path.split("/verify/", 1)[1])
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert number == NUMBER
    claim = signing.claim_from_params(number, query)
    assert (claim.stars, claim.valid_until) == (certificate.stars, certificate.valid_until)
    assert signing.verify(claim)
    assert len(url) < 200  # stays a small QR code (version 9 at level M)


def documented_offline_check() -> dict:
    """The functions of the Python example in docs/verification.md."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "verification.md"
    code = re.search(r"## Offline verification.*?```python\n(.*?)```", docs.read_text(), re.S)[1]
    runnable = "\n".join(
        line for line in code.splitlines() if not line.startswith(("keys = ", "print("))
    )
    namespace: dict = {}
    exec(compile(runnable, str(docs), "exec"), namespace)
    return namespace


def test_the_documented_offline_check_works(client, certificate, settings):
    check = documented_offline_check()
    keys = check["load_keys"](client.get("/api/v1/verify/keys").json())
    url = signed_verification_url(certificate)

    assert check["verify_qr"](url, keys) == (NUMBER, 4, certificate.valid_until)
    assert check["verify_qr"](url.replace("s=4", "s=5"), keys) is None
    assert check["verify_qr"](url.replace("GCN-OCOP-48", "GCN-OCOP-49"), keys) is None
    assert check["verify_qr"](url.split("&sig=")[0] + "&sig=AAAA", keys) is None
    assert check["verify_qr"](url.split("?")[0], keys) is None
    # Signed before a rotation: verified with the retired key the endpoint still lists.
    old_public = client.get("/api/v1/verify/keys").json()["keys"][0]["public_key"]
    settings.OCOP_SIGNING_KEY = pem(Ed25519PrivateKey.generate())
    settings.OCOP_RETIRED_PUBLIC_KEYS = [old_public]
    rotated = check["load_keys"](client.get("/api/v1/verify/keys").json())
    assert len(rotated) == 2
    assert check["verify_qr"](url, rotated) == (NUMBER, 4, certificate.valid_until)
