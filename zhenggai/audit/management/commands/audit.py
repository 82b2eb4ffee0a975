"""`zhenggai audit verify`: walk the hash chains of the audit trail and the transition
log (zhenggai/lib/appendonly.py) and say whether anything was changed, inserted or
removed behind the application's back. Exit 0 when both hold, 1 naming the first row
of each chain that does not."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhenggai.lib.appendonly import chained_models, verify_chain


class Command(BaseCommand):
    help = gettext_lazy("操作留痕:校验操作记录和状态流转的哈希链(verify)。")

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        sub.add_parser(
            "verify",
            help=gettext_lazy("逐条校验哈希链;完整时退出码为 0,否则为 1 并指出第一条不符的记录"),
        )

    def handle(self, *args, subcommand, database, **options):
        verdicts = [verify_chain(model, using=database) for model in chained_models()]
        for verdict in verdicts:
            broken = verdict.broken
            if broken is None:
                continue
            values = {
                "name": verdict.model._meta.verbose_name,
                "table": broken.table,
                "id": broken.id if broken.id is not None else "—",
                "problem": broken.problem,
            }
            if broken.at is None:
                line = _("%(name)s(%(table)s)第 %(id)s 号:%(problem)s") % values
            else:
                values["at"] = timezone.localtime(broken.at).isoformat(" ", "seconds")
                line = _("%(name)s(%(table)s)第 %(id)s 号,%(at)s:%(problem)s") % values
            self.stderr.write(line)
        # Translators: the separator between the tables in "已校验 A、B".
        counts = _("、").join(
            _("%(name)s %(n)d 条") % {"name": v.model._meta.verbose_name, "n": v.checked}
            for v in verdicts
        )
        if any(v.broken for v in verdicts):
            raise CommandError(
                _("哈希链不完整;已校验 %(counts)s。") % {"counts": counts}, returncode=1
            )
        # In full, so that it can be written down elsewhere and compared later.
        heads = ", ".join(f"{v.model._meta.db_table} {v.head_hash or '—'}" for v in verdicts)
        self.stdout.write(
            _("哈希链完整:已校验 %(counts)s(链头 %(heads)s)。") % {"counts": counts, "heads": heads}
        )
