from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.inbox.channels import check_secret, check_url, mask_secret, mask_url
from zhenggai.inbox.models import Channel, Delivery, SubjectKind
from zhenggai.lib.inputs import CleanInputs
from zhenggai.units.models import Unit


class ChannelForm(CleanInputs, forms.Form):
    """A channel's settings. On an existing channel the address and the secret are never
    put back into the page: left empty they stay as they are."""

    name = forms.CharField(label=_("名称"), max_length=100)
    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label=_("全区(整改办及不属于任何单位的账号)"),
    )
    kind = forms.ChoiceField(label=_("类型"), choices=Channel.Kind.choices)
    # No max_length here: check_url says what is wrong, in the office's words.
    url = forms.CharField(
        label=_("Webhook 地址"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "企业微信:群设置 → 群机器人 → 复制 Webhook 地址;钉钉:群设置 → 机器人 → 自定义 → "
            "复制 Webhook 地址。互联网地址须为 https://,内网地址可用 http://。"
        ),
    )
    secret = forms.CharField(
        label=_("签名密钥"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "钉钉“加签”的密钥(SEC 开头);通用 Webhook 的共享密钥,用于 X-Zhenggai-Signature "
            "签名头。企业微信不需要。"
        ),
    )
    clear_secret = forms.BooleanField(label=_("删除已保存的密钥"), required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, user, channel=None, **kwargs):
        self.channel = channel
        if channel is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": channel.name,
                    "unit": channel.unit_id,
                    "kind": channel.kind,
                    "is_active": channel.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        # Only the office's own organisation's units.
        self.fields["unit"].queryset = access.kept_units(user, self.fields["unit"].queryset)
        if channel is None:
            del self.fields["clear_secret"]
            self.fields["url"].required = True
        else:
            self.fields["url"].help_text = _("当前:%(url)s。留空则不修改。") % {
                "url": mask_url(channel.url)
            }
            if channel.secret:
                self.fields["secret"].help_text = _("当前:%(secret)s。留空则不修改。") % {
                    "secret": mask_secret(channel.secret)
                }

    def clean_secret(self):
        try:
            return check_secret(self.cleaned_data.get("secret", ""))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        url = (data.get("url") or "").strip()
        if kind and (url or self.channel is None):
            try:
                data["url"] = check_url(url, kind)
            except ValidationError as exc:
                self.add_error("url", exc.messages)
        elif kind and self.channel is not None:
            # The kind may have changed: the kept address must suit the new kind.
            try:
                check_url(self.channel.url, kind)
            except ValidationError as exc:
                self.add_error("url", exc.messages)
        return data

    def changes(self) -> dict:
        """The keyword arguments of actions.save_channel."""
        data = self.cleaned_data
        if data.get("clear_secret"):
            secret = ""
        else:
            secret = data.get("secret") or None
        return {
            "name": data["name"].strip(),
            "unit": data.get("unit"),
            "kind": data["kind"],
            "url": data.get("url") or None,
            "secret": secret if self.channel is not None else (secret or ""),
            "is_active": data.get("is_active", False),
        }


class MandatoryForm(CleanInputs, forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("必达消息类型"),
        choices=SubjectKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PreferencesForm(CleanInputs, forms.Form):
    """One choice per kind; the kinds the office made mandatory are left out."""

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        for row in table:
            if row["mandatory"]:
                continue
            # Not required: a kind left out of the POST keeps its current choice.
            self.fields[row["kind"]] = forms.ChoiceField(
                label=row["label"],
                choices=Delivery.choices,
                initial=row["delivery"],
                required=False,
            )
