"""Password rules with Chinese messages, and the Content-Security-Policy header.

Why our own validators: Django's built-in ones speak the active language, which is English in
management commands and for browsers asking for English; an office user must read Chinese
everywhere. The checks themselves are Django's (subclassed), only the wording is ours.

Why a tiny middleware instead of django-csp: the policy is one fixed header (no inline scripts,
no third-party origins, no per-view exceptions, no report endpoint), so a dependency would add
configuration surface without adding behaviour.
"""

from django.conf import settings
from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = 10):
        super().__init__(min_length)

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短：至少 {self.min_length} 个字符。", code="password_too_short"
            )

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "密码与登录名或姓名太相近。", code="password_too_similar"
            ) from None

    def get_help_text(self):
        return "密码不能与登录名、姓名相近。"


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("密码太常见，容易被猜到。", code="password_too_common") from None

    def get_help_text(self):
        return "不能使用常见密码。"


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError("密码不能全是数字。", code="password_entirely_numeric")

    def get_help_text(self):
        return "密码不能全是数字。"


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Templates use style attributes for small layout touches; styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every HTML response that does not set its own (admin included)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "GONGKAI_CSP", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
