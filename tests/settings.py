"""Settings for the test suite: the production settings with a fast password hasher.

PBKDF2's deliberate slowness protects stored passwords; the tests create many users and need none
of it (about 0.3 s a user otherwise).
"""

from gongkai.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
