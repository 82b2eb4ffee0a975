"""Work-messaging channels: which addresses are allowed, how credentials are shown, what
each kind of robot is sent and how its answer is read.

- 企业微信 group robot: POST {"msgtype": "markdown", "markdown": {"content": …}} to
  https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; it answers {"errcode": 0, …}
  when it took the message. Markdown content at most 4096 bytes.
- 钉钉 custom robot: POST {"msgtype": "markdown", "markdown": {"title": …, "text": …}} to
  https://oapi.dingtalk.com/robot/send?access_token=…; with 加签 the URL also carries
  &timestamp=<ms>&sign=<urlencode(base64(HMAC-SHA256(secret, "<ms>\\n<secret>")))>.
  It answers {"errcode": 0, …}; the timestamp must be within an hour of its clock.
- Generic JSON webhook: POST `generic_payload(...)`; with a secret, the header
  X-Zhenggai-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>. Any 2xx is success.
  X-Zhenggai-Delivery carries the delivery's id, the same on every retry, so a receiver
  can drop a repeat (a worker that dies between sending and recording will resend).

Both robots answer HTTP 200 with a non-zero errcode when they refuse (bad key, bad
signature, more than 20 messages a minute): that is a failure, retried like any other.
"""

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhenggai.inbox.models import Channel, Level
from zhenggai.lib import clock

WECOM_HOST = "qyapi.weixin.qq.com"
DINGTALK_HOST = "oapi.dingtalk.com"
# WeCom refuses markdown longer than this (bytes, UTF-8).
WECOM_MAX_BYTES = 4096
# Host names an intranet gives its machines; plain http is allowed only to these (and to
# private and loopback addresses).
INTRANET_SUFFIXES = (".local", ".lan", ".internal", ".intranet", ".localhost", ".corp", ".home")
SIGNATURE_HEADER = "X-Zhenggai-Signature"
DELIVERY_HEADER = "X-Zhenggai-Delivery"


class SendError(Exception):
    """The channel did not take the message; the text says why (for the office)."""


# -- addresses and credentials ------------------------------------------------------------


def is_intranet_host(host: str) -> bool:
    host = host.strip("[]").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or "." not in host or host.endswith(INTRANET_SUFFIXES)
    return address.is_private or address.is_loopback or address.is_link_local


def check_url(url: str, kind: str) -> str:
    """The URL, stripped, if a channel of `kind` may post to it; ValidationError with the
    reason otherwise. https anywhere; http only to an intranet host; nothing else."""
    url = (url or "").strip()
    if not url:
        raise ValidationError(_("请填写 Webhook 地址。"))
    if len(url) > 500:
        raise ValidationError(_("Webhook 地址过长(最多 500 个字符)。"))
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ValidationError(_("Webhook 地址不能包含空格或控制字符。"))
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 — raises ValueError on a port that is not a number
    except ValueError:
        raise ValidationError(_("Webhook 地址格式不正确。")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise ValidationError(_("Webhook 地址只能以 https:// 开头(内网地址可用 http://)。"))
    if not host:
        raise ValidationError(_("Webhook 地址缺少主机名。"))
    if parts.username or parts.password:
        raise ValidationError(_("Webhook 地址不能包含用户名或密码。"))
    if parts.fragment:
        raise ValidationError(_("Webhook 地址不能包含“#”片段。"))
    if scheme == "http" and not is_intranet_host(host):
        raise ValidationError(_("互联网地址必须使用 https://;http:// 只能用于内网地址。"))
    query = urllib.parse.parse_qs(parts.query)
    if kind == Channel.Kind.WECOM and host == WECOM_HOST and not query.get("key"):
        raise ValidationError(_("企业微信机器人地址缺少 key 参数,请复制完整的 Webhook 地址。"))
    if kind == Channel.Kind.DINGTALK and host == DINGTALK_HOST and not query.get("access_token"):
        raise ValidationError(_("钉钉机器人地址缺少 access_token 参数,请复制完整的 Webhook 地址。"))
    return url


def check_secret(secret: str) -> str:
    secret = (secret or "").strip()
    if len(secret) > 200:
        raise ValidationError(_("密钥过长(最多 200 个字符)。"))
    if any(ch.isspace() or ord(ch) < 32 for ch in secret):
        raise ValidationError(_("密钥不能包含空格或控制字符。"))
    return secret


def _tail(value: str) -> str:
    return "…" + value[-4:] if len(value) >= 12 else "…"


def mask_url(url: str) -> str:
    """The URL with every query value cut to its last four characters: enough to tell
    two robots apart, not enough to post to them."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "…"
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    masked = "&".join(f"{name}={_tail(value)}" for name, value in query)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, masked, ""))


def mask_secret(secret: str) -> str:
    return _("已设置(%(tail)s)") % {"tail": _tail(secret)} if secret else ""


# -- what each kind is sent ----------------------------------------------------------------


def absolute(url: str) -> str:
    base = getattr(settings, "ZHENGGAI_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url and base else ""


def markdown(delivery, grey_footer=False) -> str:
    lines = [f"**{delivery.title}**"]
    if delivery.channel.unit_id:
        lines.append(f"> {_('单位')}:{delivery.channel.unit.name}")
    if delivery.body:
        lines.append(delivery.body)
    link = absolute(delivery.url)
    if link:
        lines.append(f"[{_('在系统中查看')}]({link})")
    # Every message carries the system's name: a DingTalk robot secured by keyword (自定义
    # 关键词) takes only messages with the keyword in them.
    # WeCom greys it out (its markdown knows <font>); DingTalk's would print the tag.
    name = _("整改工作管理系统")
    lines.append(f'<font color="comment">{name}</font>' if grey_footer else f"—— {name}")
    return "\n\n".join(lines)


def _fit(text: str, limit: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[: limit - 3].decode("utf-8", "ignore") + "…"


def wecom_payload(delivery) -> dict:
    return {
        "msgtype": "markdown",
        "markdown": {"content": _fit(markdown(delivery, grey_footer=True), WECOM_MAX_BYTES)},
    }


def dingtalk_payload(delivery) -> dict:
    return {
        "msgtype": "markdown",
        "markdown": {"title": delivery.title, "text": markdown(delivery)},
    }


def generic_payload(delivery) -> dict:
    """The documented JSON body of a generic webhook."""
    unit = delivery.channel.unit
    return {
        "id": delivery.pk,
        "kind": delivery.subject_kind,
        "object_id": delivery.object_id,
        "period": delivery.period.isoformat(),
        "level": delivery.level,
        "level_label": str(Level(delivery.level).label) if delivery.level in Level.values else "",
        "title": delivery.title,
        "body": delivery.body,
        "url": absolute(delivery.url) or delivery.url,
        "unit": {"id": unit.pk, "name": unit.name} if unit else None,
        "created_at": delivery.created_at.isoformat(),
        "sent_at": clock.now().isoformat(),
    }


def dingtalk_sign(secret: str, timestamp_ms: str) -> str:
    """DingTalk's 加签: base64 HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret,
    URL-encoded."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def body_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


# -- sending -------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A robot that answers with a redirect is misconfigured; following it would post
    # the message (and its signature) somewhere the office never entered.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def request_for(delivery) -> urllib.request.Request:
    channel = delivery.channel
    url = channel.url
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "zhenggai"}
    if channel.kind == Channel.Kind.WECOM:
        payload = wecom_payload(delivery)
    elif channel.kind == Channel.Kind.DINGTALK:
        payload = dingtalk_payload(delivery)
        if channel.secret:
            # DingTalk compares with its own clock: the wall clock, never a test's `now`.
            timestamp = str(int(time.time() * 1000))
            sign = dingtalk_sign(channel.secret, timestamp)
            url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={sign}"
    else:
        payload = generic_payload(delivery)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    if channel.kind == Channel.Kind.GENERIC:
        headers[DELIVERY_HEADER] = str(delivery.pk)
        if channel.secret:
            headers[SIGNATURE_HEADER] = body_signature(channel.secret, body)
    return urllib.request.Request(url, data=body, headers=headers, method="POST")


def send(delivery) -> None:
    """Post the delivery to its channel; SendError unless the channel took it."""
    request = request_for(delivery)
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            status = response.status
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendError(f"HTTP {exc.code}: {exc.read(300).decode('utf-8', 'replace')}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        # Refused, unreachable, timed out, or a connection dropped mid-answer.
        reason = getattr(exc, "reason", exc)
        raise SendError(f"{type(reason).__name__}: {reason}") from None
    if not 200 <= status < 300:
        raise SendError(f"HTTP {status}")
    if delivery.channel.kind == Channel.Kind.GENERIC:
        return
    try:
        data = json.loads(answer.decode("utf-8"))
        errcode = data.get("errcode")
    except (ValueError, AttributeError):
        raise SendError(
            _("机器人的应答无法识别:%(answer)s")
            % {"answer": answer[:200].decode("utf-8", "replace")}
        ) from None
    if errcode != 0:
        raise SendError(f"errcode {errcode}: {data.get('errmsg', '')}"[:500])
