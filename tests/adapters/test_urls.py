"""URL normalisation: each spelling difference that names the same resource folds to one."""

import pytest

from gongkai.adapters.urls import authority_allowed, normalize_url, url_authority, url_host

CANONICAL = "http://www.xxx.gov.cn/xxgk/t20240904_93371.htm"


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        (CANONICAL, CANONICAL),
        ("HTTP://WWW.XXX.GOV.CN/xxgk/t20240904_93371.htm", CANONICAL),  # scheme and host case
        ("http://www.xxx.gov.cn:80/xxgk/t20240904_93371.htm", CANONICAL),  # default port
        ("https://www.xxx.gov.cn:443/a", "https://www.xxx.gov.cn/a"),
        ("http://www.xxx.gov.cn:8080/a", "http://www.xxx.gov.cn:8080/a"),  # other ports kept
        ("https://www.xxx.gov.cn:80/a", "https://www.xxx.gov.cn:80/a"),  # 80 is not https' default
        ("http://www.xxx.gov.cn", "http://www.xxx.gov.cn/"),  # empty path
        ("http://www.xxx.gov.cn/xxgk/", "http://www.xxx.gov.cn/xxgk/"),  # a longer path keeps it
        (CANONICAL + "#content", CANONICAL),  # fragment
        ("http://a.gov.cn/list?page=2&col=7", "http://a.gov.cn/list?col=7&page=2"),  # query order
        ("http://a.gov.cn/%7euser/a%2fb", "http://a.gov.cn/~user/a%2Fb"),  # percent-encoding
        (
            "http://a.gov.cn/新闻/a.htm?q=公开",
            "http://a.gov.cn/%E6%96%B0%E9%97%BB/a.htm?q=%E5%85%AC%E5%BC%80",
        ),
        ("http://a.gov.cn/%E6%96%B0%E9%97%BB/a.htm", "http://a.gov.cn/%E6%96%B0%E9%97%BB/a.htm"),
        ("http://a.gov.cn/a/./b/../c.htm", "http://a.gov.cn/a/c.htm"),  # dot segments
        ("  http://a.gov.cn/x.htm\t", "http://a.gov.cn/x.htm"),
        ("ftp://a.gov.cn/x", "ftp://a.gov.cn/x"),  # not http: left alone
        ("mailto:ban@a.gov.cn", "mailto:ban@a.gov.cn"),
        ("http://[::1]:80/x", "http://[::1]/x"),
    ],
)
def test_spellings_of_one_address_fold_to_one(spelling, expected):
    assert normalize_url(spelling) == expected


def test_normalising_twice_changes_nothing():
    for url in ["HTTP://A.gov.cn:80/b?z=1&a=2#f", "http://a.gov.cn/新闻/", "https://a.gov.cn"]:
        once = normalize_url(url)
        assert normalize_url(once) == once


def test_different_resources_stay_different():
    assert normalize_url("http://a.gov.cn/x?id=1") != normalize_url("http://a.gov.cn/x?id=2")
    assert normalize_url("http://a.gov.cn/X.htm") != normalize_url("http://a.gov.cn/x.htm")
    assert normalize_url("http://a.gov.cn/x") != normalize_url("https://a.gov.cn/x")


def test_host():
    assert url_host("HTTP://WWW.A.Gov.CN:8080/x") == "www.a.gov.cn"
    assert url_host("not a url") == ""


@pytest.mark.parametrize(
    ("url", "authority"),
    [
        ("http://WWW.Example.gov.cn/a", "www.example.gov.cn"),
        ("http://www.example.gov.cn:80/a", "www.example.gov.cn"),  # the default port is no port
        ("https://www.example.gov.cn:443/", "www.example.gov.cn"),
        ("http://127.0.0.1:8001/", "127.0.0.1:8001"),
        ("https://www.example.gov.cn:80/", "www.example.gov.cn:80"),
        ("http://[::1]:8443/x", "[::1]:8443"),
        ("mailto:a@b.cn", ""),
        ("http://[::1/", ""),  # unparsable
    ],
)
def test_authority_keeps_a_port_that_is_not_the_default(url, authority):
    assert url_authority(url) == authority


def test_an_allowed_entry_with_a_port_allows_that_port_only():
    assert authority_allowed("http://127.0.0.1:8001/x", ["127.0.0.1:8001"])
    assert not authority_allowed("http://127.0.0.1:8002/x", ["127.0.0.1:8001"])
    assert not authority_allowed("http://127.0.0.1/x", ["127.0.0.1:8001"])
    # Without a port (sites added before ports counted, extra hosts): the host on any port.
    assert authority_allowed("http://127.0.0.1:8002/x", ["127.0.0.1"])
    assert not authority_allowed("http://127.0.0.2:8002/x", ["127.0.0.1"])
