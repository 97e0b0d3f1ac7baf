import sqlite3

import pytest

from gongkai import settings as gongkai_settings
from gongkai.env import ConfigError, env_bool


def test_default_is_sqlite_in_wal_mode(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(gongkai_settings, "VAR_DIR", tmp_path)
    config = gongkai_settings._database_config()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "gongkai.sqlite3")
    connection = sqlite3.connect(config["NAME"])
    connection.executescript(config["OPTIONS"]["init_command"])
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA page_size").fetchone()[0] == 16384  # a new file
    connection.close()


def test_an_existing_database_keeps_its_page_size(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(gongkai_settings, "VAR_DIR", tmp_path)
    config = gongkai_settings._database_config()
    older = sqlite3.connect(config["NAME"])
    older.execute("PRAGMA journal_mode=WAL")
    older.execute("CREATE TABLE t (x)")
    older.close()
    connection = sqlite3.connect(config["NAME"])
    connection.executescript(config["OPTIONS"]["init_command"])
    assert connection.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert connection.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_postgres_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5433/gk")
    config = gongkai_settings._database_config()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "gk",
        "u",
    )


def test_other_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.db")
    assert gongkai_settings._database_config()["NAME"] == f"{tmp_path}/other.db"


def test_malformed_url_fails_fast(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysqlx://nope")
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        gongkai_settings._database_config()


def test_bool_settings_fail_fast(monkeypatch):
    monkeypatch.setenv("GONGKAI_DEBUG", "maybe")
    with pytest.raises(ConfigError, match="GONGKAI_DEBUG"):
        env_bool("GONGKAI_DEBUG", False)
