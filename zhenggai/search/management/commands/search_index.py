import sys

from django.core.management.base import BaseCommand

from zhenggai.search import bulk

SHOWN = 10


class Command(BaseCommand):
    help = "重建全文检索索引(多进程分词);--check 只检查索引与记录是否一致,有偏差时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="检查缺失、过期、多余的检索条目,不写入"
        )
        parser.add_argument("--processes", type=int, default=None, help="分词进程数(默认:核数)")

    def handle(self, *args, **options):
        if options["check"]:
            self._check()
            return

        def progress(n, seconds):
            if n % 100_000 < bulk.CHUNK:
                self.stdout.write(f"  {n:,} 条  {seconds:.0f} 秒")
                self.stdout.flush()

        built = bulk.build(options["processes"], progress=progress)
        self.stdout.write(
            f"已建立检索条目 {built.entries} 条,用时 {built.seconds:.1f} 秒"
            f"(每秒 {built.rate:,.0f} 条)。"
        )

    def _check(self):
        drift = bulk.check()
        for name, label in (("missing", "缺失"), ("stale", "过期"), ("orphan", "多余")):
            keys = getattr(drift, name)
            shown = ", ".join(f"{kind}#{object_id}" for kind, object_id in keys[:SHOWN])
            more = " …" if len(keys) > SHOWN else ""
            self.stdout.write(f"{label} {len(keys)} 条" + (f":{shown}{more}" if keys else ""))
        self.stdout.write(f"待更新(队列中){drift.pending} 条")
        if not drift.clean:
            self.stdout.write("索引与记录不一致:运行 zhenggai search-index 重建。")
            sys.exit(1)
        self.stdout.write("索引与记录一致。")
