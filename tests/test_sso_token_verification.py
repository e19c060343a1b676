"""An SSO token identifies a customer only if it is HS256, signed with the workspace's secret,
short-lived, and carries valid claims; every refusal says why, and nothing is created."""

import base64
import hashlib
import json
import random
import time

import jwt
import pytest
import time_machine

from keyloop.accounts.models import Company, Person
from keyloop.integrations.sso import SsoError, sso_identify, sso_token_sign, sso_verify


def _sign(workspace, claims=None, *, lifetime=600, algorithm="HS256", key=None, **extra):
    now = int(time.time())
    payload = {"email": "dana@initech.test", "name": "Dana Diaz", "id": "u-1"}
    if lifetime is not None:
        payload["exp"] = now + lifetime
    payload.update(claims or {})
    payload.update(extra)
    return jwt.encode(payload, key or workspace.sso_secret, algorithm=algorithm)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _rs256_token(payload: dict) -> str:
    """A genuine RS256 token (PKCS#1 v1.5, SHA-256) from a throwaway RSA key, stdlib only."""
    rng = random.Random(5)

    def prime(bits):
        while True:
            candidate = rng.getrandbits(bits) | (1 << (bits - 1)) | 1
            if all(pow(a, candidate - 1, candidate) == 1 for a in (2, 3, 5, 7, 11, 13, 17)):
                return candidate

    e = 65537
    while True:
        p, q = prime(512), prime(512)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    n, d = p * q, pow(e, -1, phi)
    signing_input = (
        _b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
        + "."
        + _b64(json.dumps(payload).encode())
    )
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    digest = digest_info + hashlib.sha256(signing_input.encode()).digest()
    size = (n.bit_length() + 7) // 8
    padded = b"\x00\x01" + b"\xff" * (size - len(digest) - 3) + b"\x00" + digest
    signature = pow(int.from_bytes(padded, "big"), d, n).to_bytes(size, "big")
    return signing_input + "." + _b64(signature)


def _refused(workspace, token) -> SsoError:
    people, companies = Person.objects.count(), Company.objects.count()
    with pytest.raises(SsoError) as caught:
        sso_identify(workspace=workspace, token=token)
    assert (Person.objects.count(), Company.objects.count()) == (people, companies)
    return caught.value


def test_a_valid_token_identifies_the_customer_and_confirms_their_email(world):
    person = sso_identify(workspace=world.acme, token=_sign(world.acme))
    assert person == world.dana
    person.refresh_from_db()
    assert person.external_id == "u-1"
    assert person.email_confirmed_at is not None


def test_a_new_customer_is_created_with_name_and_external_id(world):
    token = _sign(world.acme, {"email": "Zed@Example.test", "name": "Zed Zhou", "id": 42})
    person = sso_identify(workspace=world.acme, token=token)
    assert (person.email, person.name, person.external_id) == ("zed@example.test", "Zed Zhou", "42")
    assert person.workspace == world.acme


def test_an_expired_token_is_refused(world):
    token = _sign(world.acme, lifetime=600)
    with time_machine.travel(time.time() + 700, tick=False):
        error = _refused(world.acme, token)
    assert error.code == "expired"
    assert "expired" in error.message


def test_a_token_expired_only_within_the_leeway_still_works(world):
    token = _sign(world.acme, lifetime=10)
    with time_machine.travel(time.time() + 25, tick=False):
        assert sso_identify(workspace=world.acme, token=token) == world.dana


def test_a_token_without_exp_is_refused(world):
    error = _refused(world.acme, _sign(world.acme, lifetime=None))
    assert error.code == "missing_claim"
    assert "`exp`" in error.message


def test_a_token_living_longer_than_an_hour_is_refused(world):
    error = _refused(world.acme, _sign(world.acme, lifetime=2 * 3600))
    assert error.code == "too_long_lived"
    assert "1 hour" in error.message


def test_a_token_of_exactly_an_hour_is_accepted(world):
    assert sso_identify(workspace=world.acme, token=_sign(world.acme, lifetime=3600))


def test_a_token_not_valid_yet_is_refused(world):
    error = _refused(world.acme, _sign(world.acme, nbf=int(time.time()) + 300))
    assert error.code == "not_yet_valid"


def test_an_unsigned_alg_none_token_is_refused(world):
    payload = {"email": "dana@initech.test", "exp": int(time.time()) + 600}
    token = jwt.encode(payload, None, algorithm="none")
    error = _refused(world.acme, token)
    assert error.code == "wrong_algorithm"
    # Even with the signature part stripped entirely, as attackers send it.
    error = _refused(world.acme, token.rstrip("."))
    assert error.code in ("wrong_algorithm", "malformed")


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_an_hs384_token_is_refused_even_with_the_right_secret(world):
    error = _refused(world.acme, _sign(world.acme, algorithm="HS384"))
    assert error.code == "wrong_algorithm"
    assert "HS256" in error.message


def test_an_rs256_token_is_refused(world):
    token = _rs256_token({"email": "dana@initech.test", "exp": int(time.time()) + 600})
    error = _refused(world.acme, token)
    assert error.code == "wrong_algorithm"
    assert "RS256" in error.message


def test_an_hs256_token_keyed_with_a_public_key_is_refused(world):
    # Algorithm confusion: the attacker knows a public key and uses it as an HMAC secret.
    public_key = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n"
    error = _refused(world.acme, _sign(world.acme, key=public_key))
    assert error.code == "bad_signature"


def test_a_token_signed_with_another_workspaces_secret_is_refused(world):
    error = _refused(world.acme, _sign(world.globex))
    assert error.code == "bad_signature"
    assert "SSO secret" in error.message


def test_a_token_with_a_tampered_payload_is_refused(world):
    header, _, signature = _sign(world.acme).split(".")
    forged = _b64(json.dumps({"email": "alice@acme.test", "exp": int(time.time()) + 60}).encode())
    assert _refused(world.acme, f"{header}.{forged}.{signature}").code == "bad_signature"


@pytest.mark.parametrize("email", ["not-an-email", "dana@", 12, ["dana@initech.test"]])
def test_a_bad_email_claim_is_refused(world, email):
    error = _refused(world.acme, _sign(world.acme, {"email": email}))
    assert error.code == "bad_claim"
    assert "email" in error.message


def test_a_token_without_email_is_refused(world):
    token = _sign(world.acme, {"email": ""})
    error = _refused(world.acme, token)
    assert (error.code, error.message) == ("missing_claim", "The SSO token has no `email` claim.")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://x.test/a"]
)
def test_an_avatar_url_must_be_http_or_https(world, url):
    error = _refused(world.acme, _sign(world.acme, {"avatar_url": url}))
    assert error.code == "bad_claim"
    assert "avatar_url" in error.message


def test_an_https_avatar_url_is_accepted(world):
    token = _sign(world.acme, {"avatar_url": "https://cdn.example.test/dana.png"})
    assert sso_verify(workspace=world.acme, token=token).avatar_url.startswith("https://")


def test_company_claims_create_the_company(world):
    token = _sign(
        world.acme,
        {"email": "zed@globocorp.test", "id": "u-7",
         "company": {"id": "co_9", "name": "Globocorp", "mrr_cents": 50000, "plan": "Scale",
                     "segment": "Enterprise"}},
    )  # fmt: skip
    person = sso_identify(workspace=world.acme, token=token)
    company = person.company
    assert (company.workspace, company.external_id, company.name) == (
        world.acme,
        "co_9",
        "Globocorp",
    )
    assert (company.mrr_cents, company.plan, company.segment) == (50000, "Scale", "Enterprise")


def test_company_claims_update_the_existing_company(world):
    token = _sign(
        world.acme, {"company": {"id": "co_1", "name": "Initech Inc", "mrr_cents": 29900}}
    )
    person = sso_identify(workspace=world.acme, token=token)
    world.initech.refresh_from_db()
    assert person.company == world.initech
    assert (world.initech.name, world.initech.mrr_cents) == ("Initech Inc", 29900)
    assert Company.objects.filter(workspace=world.acme).count() == 1


BAD_COMPANIES = [
    {"name": "X", "mrr_cents": -5}, {"name": "X", "mrr_cents": "lots"}, {"plan": "Pro"}, "Initech",
]  # fmt: skip


@pytest.mark.parametrize("company", BAD_COMPANIES)
def test_bad_company_claims_are_refused(world, company):
    error = _refused(world.acme, _sign(world.acme, {"company": company}))
    assert error.code == "bad_claim"
    assert "company" in error.message


def test_a_token_with_a_jti_works_only_once(world):
    token = _sign(world.acme, jti="login-123")
    assert sso_identify(workspace=world.acme, token=token) == world.dana
    assert _refused(world.acme, token).code == "replayed"
    # Another workspace's token with the same jti is its own.
    assert sso_identify(workspace=world.globex, token=_sign(world.globex, jti="login-123"))


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "x" * 9000])
def test_garbage_is_refused_with_a_reason(world, token):
    error = _refused(world.acme, token)
    assert error.code in ("missing_token", "malformed")
    assert error.message


def test_the_signing_helper_makes_tokens_that_verify(world):
    token = sso_token_sign(workspace=world.acme, claims={"email": "new@example.test"}, lifetime=60)
    assert sso_verify(workspace=world.acme, token=token).email == "new@example.test"
