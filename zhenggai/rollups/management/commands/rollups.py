"""`zhenggai rollups --rebuild | --check`: the dashboard's aggregates."""

import time

from django.core.management.base import BaseCommand, CommandError

from zhenggai.rollups import maintain


class Command(BaseCommand):
    help = (
        "Rebuild the dashboard's rollups, or check them against a recomputation (exit 1 on drift)."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rebuild", action="store_true", help="recompute every rollup")
        group.add_argument("--check", action="store_true", help="exit 1 if any rollup drifted")

    def handle(self, *args, rebuild=False, check=False, **options):
        started = time.perf_counter()
        if rebuild:
            counts = maintain.rebuild()
            rows = ", ".join(f"{k} {v:,}" for k, v in counts.items())
            self.stdout.write(f"rollups rebuilt ({rows}) in {time.perf_counter() - started:.1f}s")
            return
        differences = maintain.drift()
        if differences:
            for line in differences:
                self.stderr.write(line)
            raise CommandError(
                f"rollups drifted ({len(differences)} differences shown)", returncode=1
            )
        self.stdout.write(f"rollups agree with the ledger ({time.perf_counter() - started:.1f}s)")
