"""Settings for the test suite: the production settings with a fast password hasher, and a
throwaway task queue and jobs folder.

PBKDF2's deliberate slowness protects stored passwords; the tests create many users and need none
of it (about 0.3 s a user otherwise).
"""

import atexit
import shutil
import tempfile

from gongkai.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tasks the suite queues without running them go to a throwaway queue, never to var/tasks.sqlite3
# (which a developer's running worker would take them from). The Redis pass has its own server.
if HUEY["huey_class"] == "huey.SqliteHuey":  # noqa: F405
    _tasks_dir = tempfile.mkdtemp(prefix="gongkai-test-tasks-")
    atexit.register(shutil.rmtree, _tasks_dir, ignore_errors=True)
    HUEY = {**HUEY, "filename": f"{_tasks_dir}/tasks.sqlite3"}  # noqa: F405

# Documents built by the suite's jobs: a throwaway folder, never var/jobs.
_jobs_dir = tempfile.mkdtemp(prefix="gongkai-test-jobs-")
atexit.register(shutil.rmtree, _jobs_dir, ignore_errors=True)
JOBS_DIR = _jobs_dir
