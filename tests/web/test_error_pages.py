"""Error pages speak Chinese in the site's layout, never Django's English defaults."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_missing_page_is_chinese_in_the_layout(client):
    client.force_login(get_user_model().objects.create_user("o"))
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在（404）" in text and "统计看板" in text and "Not Found" not in text


def test_csrf_failure_is_explained_in_chinese():
    user = get_user_model().objects.create_user("o", password="irrelevant-pw-1")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post("/logout/")
    text = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in text and "Forbidden" not in text and "CSRF" not in text


def test_server_error_page_needs_no_request_context():
    response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "系统出错（500）" in text and "Server Error" not in text


def test_permission_denied_page_is_chinese(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    text = response.content.decode()
    assert response.status_code == 403
    assert "无权操作（403）" in text and "Forbidden" not in text
