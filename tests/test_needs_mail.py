"""E-mail through REGIOHUB_SMTP_URL: STARTTLS, TLS and login against real loopback servers."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from mail_server import MailSink, text_of

from hub.errors import ConfigError
from hub.needs.mail import MailError, MailSettings, compose, send

USER, PASSWORD = "hub", "geheim-123"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (trusted through SSL_CERT_FILE in the tests)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


def settings(url: str, **env: str) -> MailSettings:
    found = MailSettings.from_env({"REGIOHUB_SMTP_URL": url, **env})
    assert found is not None
    return found


def message(mail: MailSettings) -> Any:
    return compose(mail, "a@betrieb.example", "Test", "Hallo Welt", "<p>Hallo Welt</p>")


def test_smtp_urls_are_read_with_ports_tls_and_login_from_the_environment() -> None:
    plain = settings("smtp://mail.example", REGIOHUB_SMTP_USER="u", REGIOHUB_SMTP_PASSWORD="p")
    assert (plain.host, plain.port, plain.tls, plain.user, plain.password) == (
        "mail.example",
        587,
        False,
        "u",
        "p",
    )
    assert (settings("smtps://mail.example").port, settings("smtps://mail.example").tls) == (
        465,
        True,
    )
    assert MailSettings.from_env({}) is None
    with pytest.raises(ConfigError, match="ist keine SMTP-Adresse"):
        MailSettings.from_env({"REGIOHUB_SMTP_URL": "http://mail.example"})


def test_starttls_with_login_delivers_over_an_encrypted_connection(
    # the server refuses mail without STARTTLS and login, so delivery proves both
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    options = {
        "tls_context": server_context(certificate),
        "require_starttls": True,
        "authenticator": login,
        "auth_required": True,
    }
    with MailSink(**options) as sink:
        mail = settings(sink.url, REGIOHUB_SMTP_USER=USER, REGIOHUB_SMTP_PASSWORD=PASSWORD)
        send(mail, message(mail))
        assert [text_of(m).strip() for m in sink.messages] == ["Hallo Welt"]


def test_smtps_delivers_with_tls_from_the_first_byte(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with MailSink(scheme="smtps", ssl_context=server_context(certificate)) as sink:
        mail = settings(sink.url)
        send(mail, message(mail))
        assert len(sink.messages) == 1


def test_a_remote_server_without_starttls_gets_nothing_in_clear_text() -> None:
    with MailSink(host="127.0.0.2") as sink:  # a loopback address, but not the local relay
        mail = settings(sink.url)
        with pytest.raises(MailError, match="kein STARTTLS"):
            send(mail, message(mail))
        assert sink.messages == []
