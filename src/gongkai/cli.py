"""The `gongkai` command: Gongkai's own commands and Django's (`gongkai migrate`, …)."""

import os
import sys

# `import` is a Python keyword and module names cannot hold "-": those commands live under other names.
ALIASES = {"import": "import_data", "annual-report": "annual_report", "api-token": "api_token"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from gongkai.env import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["gongkai", *args])
    except ConfigError as exc:
        sys.stderr.write(f"配置错误：{exc}\n")
        sys.exit(2)
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
