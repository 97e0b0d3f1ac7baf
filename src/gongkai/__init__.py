"""Gongkai — 政务公开监测考核平台."""

__version__ = "0.1.0"
