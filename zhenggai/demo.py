"""Demo data: the units the seed names, and one account per role.

Everything made here is marked (`User.is_demo`, and the units' names are those of the
seed report), so an office trying the system can tell demo data from its own.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from zhenggai.accounts.actions import ACCOUNT_FIELDS
from zhenggai.accounts.models import Role, User
from zhenggai.audit.models import record, snapshot
from zhenggai.units.models import Unit

K = Unit.Kind

# (login code, name, kind, aliases): the units the Liwan report names, with the short
# forms it uses for them.
DEMO_UNITS: list[tuple[str, str, str, str]] = [
    ("qwb", "区委办", K.PARTY, "区委办公室"),
    ("zzb", "区委组织部", K.PARTY, "组织部\n区委组织部门\n区组织人社部门"),
    ("xcb", "区委宣传部", K.PARTY, "宣传部"),
    ("zfw", "区委政法委", K.PARTY, "政法委"),
    ("jgdgw", "区直属机关党工委", K.PARTY, "区直属机关党工委\n机关党工委"),
    ("jw", "区纪委监委", K.PARTY, "区纪委\n区纪委监委\n区党廉办"),
    ("fgj", "区发展改革局", K.GOVERNMENT, "区发改局\n发改"),
    ("kgsx", "区科工商信局", K.GOVERNMENT, "科工商信局"),
    ("czj", "区财政局", K.GOVERNMENT, "财政部门\n区财政部门"),
    ("rsj", "区人社局", K.GOVERNMENT, "人社部门\n区人社部门"),
    ("sjj", "区审计局", K.GOVERNMENT, "审计部门"),
    ("zjj", "区住房建设局", K.GOVERNMENT, "住房建设局\n住建"),
    ("gxj", "区城市更新局", K.GOVERNMENT, "城市更新局"),
    ("jyj", "区教育局", K.GOVERNMENT, "教育部门\n区教育部门"),
    ("wjj", "区卫生计生局", K.GOVERNMENT, "卫生计生局"),
    ("mzj", "区民政局", K.GOVERNMENT, "民政"),
    ("wsl", "区文化商旅发展中心", K.GOVERNMENT, "文化商旅发展中心"),
    ("hzb", "区河长办", K.GOVERNMENT, "区水务局\n河长办\n水务部门"),
    ("hbj", "区环保局", K.GOVERNMENT, "环保"),
    ("cgj", "区城管局", K.GOVERNMENT, "区综合执法局\n城管\n综合执法"),
    ("nyj", "区农业局", K.GOVERNMENT, "区农林局"),
    ("xzb", "区协作办", K.GOVERNMENT, ""),
    ("sfb", "区三防办", K.GOVERNMENT, "三防办"),
    ("gafj", "区公安分局", K.JUDICIAL, "公安分局\n公安"),
    ("fy", "区法院", K.JUDICIAL, "区人民法院"),
    ("jcy", "区检察院", K.JUDICIAL, "区人民检察院"),
    ("xls", "新隆沙投资发展有限公司", K.COMPANY, "新隆沙公司"),
    ("hljd", "海龙街", K.STREET, "海龙街道"),
    ("cjjd", "茶滘街", K.STREET, "茶滘街道"),
    ("hdjd", "花地街", K.STREET, "花地街道"),
    ("swtjd", "石围塘街", K.STREET, "石围塘街道\n石围塘"),
    ("dsjd", "东沙街", K.STREET, "东沙街道"),
    ("znjd", "中南街", K.STREET, "中南街道"),
    ("djjd", "东漖街", K.STREET, "东漖街道"),
    ("zqjd", "站前街", K.STREET, "站前街道"),
    ("xcjd", "西村街", K.STREET, "西村街道"),
    ("smjd", "沙面街", K.STREET, "沙面街道"),
]

# 责任领导 by lead unit, as a district would write them (titles, not names).
LEADERS: dict[str, str] = {
    "区委办": "区委常委、区委办主任",
    "区委组织部": "区委常委、组织部部长",
    "区委宣传部": "区委常委、宣传部部长",
    "区委政法委": "区委常委、政法委书记",
    "区纪委监委": "区委常委、区纪委书记、区监委主任",
    "区直属机关党工委": "区委常委、组织部部长",
    "区公安分局": "副区长、区公安分局局长",
    "区城市更新局": "常务副区长",
    "区住房建设局": "常务副区长",
    "区发展改革局": "常务副区长",
    "区科工商信局": "副区长",
    "区财政局": "常务副区长",
    "区人社局": "副区长",
    "区教育局": "副区长",
    "区卫生计生局": "副区长",
    "区河长办": "副区长(区河长办主任)",
    "区城管局": "副区长",
}

# The whole-ledger roles: (username, display name, role, unit name or None).
DEMO_PEOPLE: list[tuple[str, str, str, str | None]] = [
    ("office", "整改办(演示)", Role.OFFICE, None),
    ("leader", "领导小组(演示)", Role.LEADER, None),
    ("discipline", "纪委监委(演示)", Role.DISCIPLINE, "区纪委监委"),
    ("observer", "市整改办(演示,只读)", Role.OBSERVER, None),
    ("sysadmin", "系统管理员(演示)", Role.ADMIN, None),
]
# The city above the district: its rectification office reads the district's ledger,
# presses it with 督办 and receives its daily report (zhenggai.organisations).
CITY = "广州市"
DISTRICT = "荔湾区"
CITY_OFFICE = ("city-office", "市整改办(演示)", Role.OBSERVER)


def ensure_demo_tree():
    """广州市 → 荔湾区: the default organisation (where the seed's campaign, its units and
    the district's accounts are) named 荔湾区 and put under 广州市. Idempotent."""
    from zhenggai.organisations.models import Organisation, default_organisation

    district = default_organisation()
    district.edit(None, name=DISTRICT, kind=Organisation.Kind.DISTRICT)
    city = Organisation.objects.filter(name=CITY, parent=None).first()
    if city is None:
        city = Organisation.create(None, CITY, Organisation.Kind.CITY)
    if district.parent_id != city.pk:
        district.move(None, city)
    return city, district


def liaison_username(code: str) -> str:
    return f"ll-{code}"


@transaction.atomic
def ensure_demo_accounts(password: str | None = None) -> list[User]:
    """Create (or refresh) the demo units and accounts; return the accounts in order."""
    # One hash for every demo account: hashing is deliberately slow, and forty accounts
    # sharing one published demo password gain nothing from forty salts.
    hashed = make_password(password or settings.DEMO_PASSWORD)
    city, _district = ensure_demo_tree()
    units = {}
    for position, (code, name, kind, aliases) in enumerate(DEMO_UNITS):
        unit, _ = Unit.objects.update_or_create(
            name=name, defaults={"kind": kind, "aliases": aliases, "position": position}
        )
        units[code] = unit

    accounts = []
    for username, display, role, unit_name in DEMO_PEOPLE:
        unit = Unit.objects.get(name=unit_name) if unit_name else None
        accounts.append(_demo_user(username, display, role, unit, hashed))
    username, display, role = CITY_OFFICE
    accounts.append(_demo_user(username, display, role, None, hashed, organisation=city))
    for code, name, _kind, _aliases in DEMO_UNITS:
        unit = units[code]
        user = _demo_user(liaison_username(code), f"{name}联络员(演示)", Role.LIAISON, unit, hashed)
        if unit.liaison_id != user.pk:
            unit.liaison = user
            unit.save(update_fields=["liaison"])
        accounts.append(user)
    return accounts


def _demo_user(username, display, role, unit, hashed_password, organisation=None) -> User:
    """A demo account, made once. Its password is set only when it is made: a later
    `zhenggai demo` never resets a password someone has changed."""
    if settings.PRODUCTION:
        raise RuntimeError("演示账号不能在正式环境(ZHENGGAI_ENV=production)中建立")
    user = User.objects.filter(username=username).first()
    if user is not None and not user.is_demo:
        # Never take over a real account that happens to share a demo name.
        raise RuntimeError(f"账号 {username} 已存在且不是演示账号,未改动")
    if user is not None:
        return user
    user = User(
        username=username,
        is_demo=True,
        display_name=display,
        role=role,
        unit=unit,
        organisation=organisation,
    )
    user.password = hashed_password
    user.save()
    record(None, "account_create", user, {}, snapshot(user, ACCOUNT_FIELDS), note="演示账号")
    return user
