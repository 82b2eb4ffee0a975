import sys

from django.core.management.base import BaseCommand, CommandError

from zhenggai.accounts.models import User
from zhenggai.inspections.models import Campaign
from zhenggai.spreadsheet.ledger_import import ImportFailed, apply_import, plan_import


class Command(BaseCommand):
    help = (
        "从 Excel 导入总台账:已有序号的行更新事项,新序号的行新增事项(待下达)。"
        "有任何错误时不写入,逐行列出错误并以状态 2 退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument(
            "--campaign", type=int, help="整改工作编号(默认取文件中记录的或唯一的一项)"
        )
        parser.add_argument("--user", help="以该整改办账号的名义导入(有修改时必须指定)")
        parser.add_argument("--dry-run", action="store_true", help="只校验并列出变化,不写入")

    def handle(self, *args, **options):
        campaign = self.campaign(options["campaign"], options["file"])
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None or not user.is_office:
                raise CommandError(f"“{options['user']}”不是整改办账号")
        try:
            plan = plan_import(options["file"], campaign, filename=options["file"])
            if plan.errors:
                for error in plan.errors:
                    self.stderr.write(str(error))
                self.stderr.write(f"共 {len(plan.errors)} 处错误,未导入任何内容。")
                sys.exit(2)
            for warning in plan.warnings:
                self.stderr.write(str(warning))
            if not options["dry_run"]:
                if plan.changes and user is None:
                    # Every change to the ledger names who made it (履职留痕).
                    self.stderr.write("导入将修改台账,请用 --user 指定以哪个整改办账号的名义导入。")
                    sys.exit(2)
                apply_import(plan, user)
        except ImportFailed as exc:
            self.stderr.write(exc.message)
            sys.exit(2)
        prefix = "(未写入)" if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{plan.summary()}")

    def campaign(self, raw, path):
        if raw is not None:
            campaign = Campaign.objects.filter(pk=raw).first()
            if campaign is None:
                raise CommandError(f"没有编号为 {raw} 的整改工作")
            return campaign
        from zhenggai.spreadsheet.ledger_export import IDENTIFIER_PREFIX
        from zhenggai.spreadsheet.ledger_import import read_sheet

        try:
            identifier = read_sheet(path).identifier
        except ImportFailed as exc:
            self.stderr.write(exc.message)
            sys.exit(2)
        if identifier.startswith(IDENTIFIER_PREFIX):
            campaign = Campaign.objects.filter(
                pk=identifier.removeprefix(IDENTIFIER_PREFIX)
            ).first()
            if campaign is not None:
                return campaign
        if Campaign.objects.count() == 1:
            return Campaign.objects.get()
        raise CommandError("有多项整改工作,请用 --campaign 指定导入到哪一项", returncode=2)
