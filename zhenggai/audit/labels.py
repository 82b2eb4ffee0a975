"""The audit trail in words: one table of what each recorded action is called, and the
display of what changed — field names as the models name them, choice codes as their
labels, times in local time.

Every `record()` call names its action by a code (`report_accept`, `ledger_import`); the
item page's trail and /audit/ both read them through `describe()`. A new action needs a
line in ACTION_LABELS — tests/audit/log/test_it_labels_every_audited_action.py finds every
`record()` call in the code and fails on one without a label.
"""

import datetime
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from zhenggai.tasks.models import Action

# Grouped as the audit page's filter shows them; the groups' order is the menu's order.
ACTION_GROUPS = (
    (
        _("整改事项"),
        {
            **{a.value: a.label for a in Action},
            "assignment": _("分工"),
            "set_assignment": _("调整分工"),
            "edit_measure": _("修改整改措施"),
            "ledger_import": _("导入总台账"),
            "extension_request": _("申请延期"),
            "extension_approve": _("批准延期"),
            "extension_refuse": _("不予批准延期"),
        },
    ),
    (
        _("进展填报"),
        {
            "report_file": _("填报进展"),
            "report_accept": _("采纳填报"),
            "report_return": _("退回填报"),
            "report_revise": _("修改填报"),
            "evidence_attach": _("上传佐证材料"),
            "due_report_fulfil": _("按期报送"),
        },
    ),
    (
        _("督办"),
        {
            "notice_issue": _("签发督办单"),
            "notice_reply": _("回复督办单"),
        },
    ),
    (
        _("意见建议"),
        {
            "feedback_receive": _("收到意见建议"),
            "feedback_log": _("登记意见建议"),
            "feedback_link": _("关联整改事项"),
            "feedback_assign": _("交办意见建议"),
            "feedback_reply": _("答复意见建议"),
            "feedback_close": _("办结意见建议"),
        },
    ),
    (
        _("会议文件"),
        {
            "meeting_create": _("登记会议"),
            "meeting_update": _("修改会议"),
            "document_create": _("登记文件"),
            "document_version_add": _("上传文件新版本"),
        },
    ),
    (
        _("问责"),
        {
            "accountability_create": _("登记问责记录"),
            "accountability_update": _("修改问责记录"),
        },
    ),
    (
        _("简报与公开"),
        {
            "briefing_draft": _("起草简报"),
            "briefing_issue": _("印发简报"),
            "public_report_draft": _("起草公开报告"),
            "public_report_recompose": _("重新生成公开报告"),
            "public_report_publish": _("发布公开报告"),
            "indicator_create": _("新建指标"),
            "figure_wording_confirm": _("确认量化数据归类"),
        },
    ),
    (
        _("组织与上报"),
        {
            "organisation_create": _("新建组织"),
            "organisation_edit": _("修改组织"),
            "organisation_move": _("调整组织隶属"),
            "unit_organisation": _("调整单位所属组织"),
            "upward_report_submit": _("向上级报送"),
            "upward_report_receive": _("签收下级上报"),
        },
    ),
    (
        _("消息推送"),
        {
            "channel_create": _("添加推送渠道"),
            "channel_update": _("修改推送渠道"),
            "channel_message_retry": _("重发渠道消息"),
            "mandatory_kind_add": _("设为必达消息"),
            "mandatory_kind_remove": _("取消必达消息"),
            "message_preferences": _("修改消息设置"),
        },
    ),
    (
        _("账号与登录"),
        {
            "account_create": _("新建账号"),
            "account_update": _("修改账号"),
            "account_role": _("变更角色"),
            "account_activate": _("启用账号"),
            "account_deactivate": _("停用账号"),
            "account_locked": _("账号被锁定"),
            "account_unlock": _("解除锁定"),
            "password_reset": _("重设密码"),
            "password_change": _("修改密码"),
            "login": _("登录"),
            "login_failed": _("登录失败"),
            "token_issue": _("签发接口令牌"),
            "token_revoke": _("撤销接口令牌"),
        },
    ),
)

ACTION_LABELS = {
    code: label for _group, actions in ACTION_GROUPS for code, label in actions.items()
}

# Said more plainly than the models' verbose names.
FIELD_LABELS = {
    "status": _("状态"),
    "measure": _("整改措施"),
    "actions": _("分项措施"),
    "units": _("责任单位"),
}

# A snapshot's own keys, which are no field of the model.
OTHER_LABELS = {
    "text": _("内容"),
    "new_deadline": _("申请延至"),
    "previous_deadline": _("原时限"),
    "closure_requested_by": _("申请人"),
    "number": _("期号"),
    "period": _("周期"),
    "failures": _("连续失败次数"),
    "address": _("来源地址"),
    "must_change_password": _("须修改密码"),
    "failed_logins": _("连续失败次数"),
    "item": _("关联事项"),
}

# Bookkeeping that says nothing to a reader. (`body` follows the sub-actions, which are
# shown themselves.)
HIDDEN_FIELDS = {"version", "status_text", "sha256", "figures", "report", "body"}

LONGEST = 80


@cache
def _models_by_type():
    found = {}
    for model in apps.get_models():
        found.setdefault(model._meta.model_name, model)
        audit_type = getattr(model, "audit_type", None)
        if isinstance(audit_type, str):
            found[audit_type] = model
    return found


def model_for(object_type):
    return _models_by_type().get(object_type)


def object_label(object_type) -> str:
    """What kind of thing an entry is about (简报, 账号), for rows without an item."""
    model = model_for(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a snapshot's own key
        return None


def field_label(model, name) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    field = _field(model, name)
    verbose = getattr(field, "verbose_name", None)
    if verbose:
        return str(verbose)
    return str(OTHER_LABELS.get(name, name))


def local_time(value):
    """An ISO timestamp as the snapshot stored it (UTC), shown in Beijing time."""
    if not isinstance(value, str) or "T" not in value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def show(model, name, value) -> str:
    """One stored value in words: a choice's label, a related object's name, a local time."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, dict):
        return str(value.get("name", value))
    if isinstance(value, list):
        return "、".join(show(model, name, v) for v in value)
    field = _field(model, name)
    # Reverse relations (an item's `actions`) are fields without choices.
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
    if choices and value in choices:
        return str(choices[value])
    if (moment := local_time(value)) is not None:
        return moment
    text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def changes(entry):
    """(field label, before, after) for the fields that changed."""
    model = model_for(entry.object_type)
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for name in list(dict.fromkeys([*after, *before])):
        if name in HIDDEN_FIELDS or before.get(name) == after.get(name):
            continue
        if name not in before and after.get(name) in (None, "", []):
            continue  # a new record's empty field
        rows.append(
            (
                field_label(model, name),
                show(model, name, before.get(name)) if name in before else "",
                show(model, name, after.get(name)),
            )
        )
    return rows


def describe(entries):
    """Label each audit entry and list its changes, for the item page's trail and the
    whole-ledger audit page alike. Costs no query."""
    for entry in entries:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)
        entry.object_label = object_label(entry.object_type)
        entry.changes = changes(entry)
    return entries
