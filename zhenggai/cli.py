"""The `zhenggai` console command.

`zhenggai parse-report PATH --json` and the other hyphenated sub-commands are Django
management commands spelled with underscores (parse_report); anything else
(`zhenggai migrate`, `zhenggai createsuperuser`, …) goes to Django unchanged.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhenggai", *argv])


if __name__ == "__main__":
    main()
