"""Login throttling, password rules in Chinese, password change, CSP, the production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.orgs.models import Account, Role, Unit

GOOD = "Lanyu-Qiao-2025"


@pytest.fixture
def clerk(registry):
    user = get_user_model().objects.create_user("zhangsan", password=GOOD)
    Account.objects.create(user=user, role=Role.UNIT, unit=Unit.objects.get(name="卫健委"))
    return user


def _refusal(password: str, username: str = "office") -> list[str]:
    try:
        validate_password(password, get_user_model()(username=username))
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize(
    "password, word",
    [
        ("20250101", "太短"),  # short and numeric
        ("2025010120250101", "全是数字"),
        ("office123", "太短"),
        ("office12345", "相近"),  # like the login name
        ("password1234", "常见"),
        ("qwertyuiop", "常见"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(db, password, word):
    messages = _refusal(password)
    assert messages and any(word in m for m in messages), messages
    assert all(not any(c.isascii() and c.isalpha() for c in m) for m in messages), messages


def test_a_good_password_passes(db):
    assert _refusal(GOOD) == []


def test_login_is_locked_after_repeated_failures(client, clerk):
    url = reverse("login")
    for _ in range(4):
        response = client.post(url, {"username": "zhangsan", "password": "wrong-password-x"})
        assert response.status_code == 200  # the form again, with its error
    fifth = client.post(url, {"username": "zhangsan", "password": "wrong-password-x"})
    assert fifth.status_code == 429
    locked = client.post(url, {"username": "zhangsan", "password": GOOD})
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_office_lifts_a_lockout_and_the_history_says_who(client, clerk):
    from django.test import Client

    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "zhangsan", "password": "wrong-password-x"})
    assert client.post(url, {"username": "zhangsan", "password": GOOD}).status_code == 429
    office = get_user_model().objects.create_user("office", password=GOOD)
    Account.objects.create(user=office, role=Role.OFFICE)
    desk = Client()
    desk.force_login(office)
    page = desk.get(reverse("account_edit", args=[clerk.pk])).content.decode()
    # Five wrong passwords, and the right one refused while locked counts as a sixth attempt.
    assert "已连续输错密码 <strong>6</strong> 次，登录已被锁定" in page
    assert desk.get(reverse("account_unlock", args=[clerk.pk])).status_code == 405  # POST only
    assert desk.post(reverse("account_unlock", args=[clerk.pk])).status_code == 302
    assert "未被锁定" in desk.get(reverse("account_edit", args=[clerk.pk])).content.decode()
    record = Account.objects.get(user=clerk).history.order_by("-history_date").first()
    assert record.history_user == office and "解除登录锁定" in record.history_change_reason
    assert client.post(url, {"username": "zhangsan", "password": GOOD}).status_code == 302


def test_a_correct_password_before_the_limit_resets_the_count(client, clerk):
    url = reverse("login")
    for _ in range(4):
        client.post(url, {"username": "zhangsan", "password": "wrong-password-x"})
    assert client.post(url, {"username": "zhangsan", "password": GOOD}).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        client.post(url, {"username": "zhangsan", "password": "wrong-password-x"})
    assert client.post(url, {"username": "zhangsan", "password": GOOD}).status_code == 302


def test_every_user_can_change_their_password(client, clerk):
    client.force_login(clerk)
    url = reverse("password_change")
    assert "修改密码" in client.get(url).content.decode()
    weak = client.post(
        url, {"old_password": GOOD, "new_password1": "zhangsan1", "new_password2": "zhangsan1"}
    )
    assert weak.status_code == 200 and "太短" in weak.content.decode()
    new = "Hetang-Yuese-77"
    done = client.post(url, {"old_password": GOOD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(new)


def test_pages_carry_a_content_security_policy(client, clerk):
    client.force_login(clerk)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_no_template_has_an_inline_script():
    root = Path(__file__).parents[2] / "src" / "gongkai"
    inline = [
        str(p.relative_to(root))
        for p in root.rglob("templates/**/*.html")
        if "<script>" in p.read_text(encoding="utf-8")
    ]
    assert inline == []


def test_no_template_has_an_inline_event_handler():
    """The policy allows no inline script, so an onchange="…" would silently do nothing."""
    root = Path(__file__).parents[2] / "src" / "gongkai"
    handlers = [
        str(p.relative_to(root))
        for p in root.rglob("templates/**/*.html")
        if re.search(r"\son[a-z]+=", p.read_text(encoding="utf-8"))
    ]
    assert handlers == []


def _gongkai(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env={**clean, "GONGKAI_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "GONGKAI_HTTPS": "1",
    "GONGKAI_BEHIND_PROXY": "1",
    "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
}


@pytest.mark.slow
def test_check_deploy_is_clean_in_the_documented_production_configuration(tmp_path):
    key = secrets.token_urlsafe(50)
    production = _gongkai(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GONGKAI_SECRET_KEY=key,
        **PRODUCTION,
    )
    assert production.returncode == 0, production.stderr
    assert "no issues" in production.stdout
    development = _gongkai(tmp_path, "check", "--deploy", GONGKAI_SECRET_KEY=key)
    assert "security.W004" in development.stderr and "security.W012" in development.stderr


@pytest.mark.slow
def test_database_and_secret_files_are_private(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "gongkai.sqlite3").touch(mode=0o644)  # an old, world-readable file
    assert _gongkai(tmp_path, "migrate", "-v", "0").returncode == 0
    for name in ("gongkai.sqlite3", "secret_key", "tasks.sqlite3"):
        assert (tmp_path / "var" / name).stat().st_mode & 0o777 == 0o600, name
