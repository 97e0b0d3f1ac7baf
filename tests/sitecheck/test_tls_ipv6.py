"""A real HTTPS site on an IPv6 address (::1, a certificate of our own making): crawled when its
authority is trusted (GONGKAI_CRAWL_CA_FILE), refused as a TLS failure when it is not, and the
transport probe finds HTTPS in use and the IPv6 address answering."""

import shutil
import socket
import ssl
import subprocess
import threading
from datetime import date
from http.server import ThreadingHTTPServer

import pytest

from gongkai.sitecheck.models import Page
from gongkai.sitecheck.services import add_site, crawl, probe_site
from tests.sitecheck.test_crawl import T0, Portal, clock

OPENSSL = shutil.which("openssl")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.one_database,  # TLS and IPv6, not SQL
    pytest.mark.skipif(OPENSSL is None, reason="openssl 未安装"),
]


class V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


@pytest.fixture
def tls_portal(tmp_path):
    """The test portal over HTTPS on [::1], its certificate valid for that address only."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "2", "-subj", "/CN=gongkai-test", "-addext", "subjectAltName=IP:::1"],
        check=True, capture_output=True,
    )  # fmt: skip
    Portal.hits = []
    try:
        server = V6Server(("::1", 0), Portal)
    except OSError:
        pytest.skip("本机没有 IPv6 回环地址")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://[::1]:{server.server_address[1]}/", cert
    server.shutdown()
    server.server_close()


def _site(url: str):
    site = add_site(root_url=url, allow_private=True, now=T0)
    site.requests_per_second = 0
    site.save()
    return site


def test_an_https_site_on_ipv6_is_crawled_when_its_authority_is_trusted(
    tls_portal, registry, monkeypatch
):
    from gongkai.sitecheck.selectors import site_issues

    url, cert = tls_portal
    monkeypatch.setenv("GONGKAI_CRAWL_CA_FILE", str(cert))
    site = _site(url)
    crawl(site=site, now=clock(T0))
    home = Page.objects.get(site=site, url=url)
    assert home.outcome == "200"
    assert Page.objects.filter(site=site, outcome="200").count() > 1  # links followed over TLS
    probe_site(site=site, now=T0, timeout=5.0)
    rules = {i.rule for i in site_issues(site, date(2024, 6, 30))}
    assert "site.no_https" not in rules and "site.no_ipv6" not in rules


def test_an_untrusted_certificate_is_a_tls_failure_not_a_page(tls_portal, registry, monkeypatch):
    url, _cert = tls_portal
    monkeypatch.delenv("GONGKAI_CRAWL_CA_FILE", raising=False)
    site = _site(url)
    crawl(site=site, now=clock(T0))
    home = Page.objects.get(site=site, url=url)
    assert home.outcome == "tls", home.outcome
    assert Portal.hits == []  # the handshake failed before any request was read
