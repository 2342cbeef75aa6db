"""National identity numbers (fødselsnummer and D-number): validation, encryption at rest,
a keyed hash for exact matching, and the masked form shown in pages.

The number is never stored in clear text. `nin_encrypted` holds a Fernet token;
`nin_hash` holds HMAC-SHA256 of the number under a key derived from the same secret, so
two records can be matched without decrypting either.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def normalise_nin(value: str) -> str:
    return "".join(value.split())


def validate_nin(value: str) -> str:
    """Return the number without spaces, or raise ValidationError with a clear reason."""
    number = normalise_nin(value)
    if len(number) != 11 or not number.isdigit():
        raise ValidationError(_("An identity number has exactly 11 digits."), code="length")
    first = _check_digit(number[:9], _WEIGHTS_1)
    second = _check_digit(number[:10], _WEIGHTS_2)
    if first is None or second is None or first != int(number[9]) or second != int(number[10]):
        raise ValidationError(
            _("The check digits do not match: please check the identity number."),
            code="checksum",
        )
    return number


def _master_secret() -> bytes:
    key = settings.FIELD_ENCRYPTION_KEY
    return key.encode() if key else settings.SECRET_KEY.encode()


def _derive(info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"samvern.cases", info=info).derive(
        _master_secret()
    )


@lru_cache(maxsize=4)
def _fernet(secret: bytes) -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEY
    if key:
        return Fernet(key.encode())
    # Development: derive a Fernet key from SECRET_KEY.
    return Fernet(base64.urlsafe_b64encode(_derive(b"fernet-nin")))


def _hmac_key() -> bytes:
    return _derive(b"hmac-nin")


def encrypt_nin(number: str) -> str:
    return _fernet(_master_secret()).encrypt(number.encode()).decode()


def decrypt_nin(token: str) -> str:
    return _fernet(_master_secret()).decrypt(token.encode()).decode()


def hash_nin(number: str) -> str:
    return hmac.new(_hmac_key(), number.encode(), hashlib.sha256).hexdigest()


def mask_nin(number: str) -> str:
    """Keep the birth-date part (already recorded as birth date), hide the personal
    number: 01019012345 → 010190*****."""
    return f"{number[:6]}*****"
