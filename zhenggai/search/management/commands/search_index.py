from django.core.management.base import BaseCommand

from zhenggai.search.index import rebuild


class Command(BaseCommand):
    help = "重建全文检索索引。"

    def handle(self, *args, **options):
        self.stdout.write(f"已建立检索条目 {rebuild()} 条。")
