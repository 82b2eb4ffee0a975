"""Every form a page shows and every write route of the API, fed hostile values by the
people allowed to use them: NUL and control characters, huge strings, impossible dates,
wrong types, markup. No answer is a 5xx, and a refusal (4xx) changes nothing.

The forms are not listed here: the test signs in as each role, follows the site's links
and collects every <form method="post"> it finds, so a new form falls under it. The API's
write routes come from its OpenAPI schema.
"""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.world import world  # noqa: F401
from zhenggai.api.api import api as ninja_api
from zhenggai.api.models import ApiToken
from zhenggai.briefings.models import Briefing
from zhenggai.feedback.models import Channel, Feedback
from zhenggai.meetings.models import Document, DocumentKind, DocumentVersion, Meeting
from zhenggai.publication.models import PublicReport
from zhenggai.reporting.models import Period, ProgressReport

EXAMPLES = 12
# Where the crawl starts; everything else is found by following links.
START = ["/", "/ledger/", "/manage/", "/feedback/", "/meetings/", "/documents/", "/briefings/"]
START += ["/publication/", "/rhythm/", "/accountability/", "/api/tokens/", "/public/"]
START += ["/public/feedback/", "/my-unit/", "/inbox/", "/audit/", "/units/", "/ledger/import/"]
# Not followed: the admin is Django's own (and another change's), downloads are not pages.
SKIP = re.compile(r"^/(admin|api/v1|static|i18n|logout|login)|\.(xlsx|docx|pdf|txt)$|/download/")
MAX_PAGES = 160

HOSTILE_TEXT = [
    "\x00",
    "整改\x00进展",
    "\x1b[31m红\x1b[0m",
    "\x07\x08\x0b\x0c",
    "\x7f\x85\x9f",
    "2018-02-30",
    "2018-13-01",
    "2019-02-29",
    "0000-00-00",
    "-1",
    "9" * 40,
    "1e309",
    "NaN",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "' OR 1=1 --",
    "../../etc/passwd",
    "",
    " ",
    "１２３",
    "x" * 100_001,
]
HOSTILE_FILES = [
    ("a.html", b"<html><script>alert(1)</script></html>"),
    ("a.pdf", b"%PDF-1.4\n<script>alert(1)</script>"),
    ("a.bat", b"@echo off\r\n"),
    ("a.xlsx", b"PK\x03\x04broken"),
]

hostile = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
)


class Forms(HTMLParser):
    """The POST forms of a page: action, fields (name → [values offered]), file inputs;
    and the page's links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}, "files": set()}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            if (a.get("type") or "").lower() == "file":
                self._form["files"].add(a["name"])
            else:
                self._form["fields"].setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "textarea":
            self._form["fields"].setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = self._form["fields"].setdefault(a["name"], [])
        elif tag == "button":
            self._form["fields"].setdefault(a["name"], []).append(a.get("value") or "")
        if tag == "option" and self._select is not None:
            self._select.append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _view(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client):
    """Every POST form reachable from START, one per view and set of fields:
    {(view name, field names, file inputs): (action, form)}. Two pages of each view are
    enough (the tenth user's page has the first one's forms)."""
    seen, queue, found, visits = set(), list(START), {}, {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        view = _view(path)
        if path in seen or SKIP.search(path) or view is None or visits.get(view, 0) >= 2:
            continue
        seen.add(path)
        visits[view] = visits.get(view, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urlsplit(urljoin(path, href))
            if not target.netloc and target.path.startswith("/") and not target.query:
                queue.append(target.path)
        for form in parser.forms:
            action = urlsplit(urljoin(path, form["action"] or path)).path
            if SKIP.search(action) or _view(action) is None:
                continue
            key = (_view(action), tuple(sorted(form["fields"])), tuple(sorted(form["files"])))
            found.setdefault(key, (action, form))
    return found


def _tables():
    return [
        m._meta.db_table
        for m in apps.get_models()
        if m.__module__.startswith("zhenggai.") and m._meta.managed
    ]


def snapshot(tables):
    """Every table's row count and the items' versions, in one query."""
    counts = ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
    versions = '(SELECT COALESCE(SUM(version), 0) FROM "tasks_task")'
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}, {versions}")
        return cursor.fetchone()


def a_world_with_every_form(world):  # noqa: F811
    """The front tests' ledger with something on every page that offers a form."""
    ProgressReport.file(
        world.lead_liaison, world.t1, Period.WEEK, datetime.date(2018, 11, 19), "进展"
    )
    world.t1.refresh_from_db()
    world.t1.request_extension(world.lead_liaison, datetime.date(2018, 12, 31), "需时")
    meeting = Meeting.objects.create(
        campaign=world.campaign, kind="routine", title="例会", date=datetime.date(2018, 8, 1)
    )
    meeting.tasks.set([world.t1])
    document = Document.objects.create(
        campaign=world.campaign, kind=DocumentKind.PLAN, title="方案"
    )
    DocumentVersion.add(world.office, document, SimpleUploadedFile("方案.txt", "方案".encode()))
    Feedback.objects.create(campaign=world.campaign, channel=Channel.WEB, message="请加快整改")
    Briefing.create_draft(
        world.campaign,
        Briefing.Kind.WEEKLY,
        datetime.date(2018, 11, 12),
        datetime.date(2018, 11, 18),
        world.office,
    )
    PublicReport.create_draft(world.campaign, world.office)


def hostile_post(form):
    """A strategy: the form's fields, each either a value the page offered or a hostile
    one (several for a multiple select), and a hostile file for each file input."""
    fields = {
        name: st.one_of(
            st.sampled_from(offered or [""]),
            hostile,
            st.lists(st.one_of(st.sampled_from(offered or [""]), hostile), max_size=3),
        )
        for name, offered in form["fields"].items()
        if name != "csrfmiddlewaretoken"
    }
    files = {name: st.sampled_from(HOSTILE_FILES) for name in form["files"]}
    return st.fixed_dictionaries({**fields, **files})


def _payload(data, form):
    out = {}
    for name, value in data.items():
        if name in form["files"]:
            out[name] = SimpleUploadedFile(value[0], value[1])
        else:
            out[name] = value
    return out


ROLES = ["office", "lead_liaison", "leader", "discipline", None]
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def fuzz_form(client, tables, action, form):
    @HYPOTHESIS
    @given(data=hostile_post(form))
    def post(data):
        before = snapshot(tables)
        response = client.post(action, _payload(data, form))
        assert response.status_code < 500, (action, data)
        if response.status_code >= 400:
            assert snapshot(tables) == before, (action, response.status_code, data)

    post()


def fuzz_api(client, tables, url, key, bodies):
    @HYPOTHESIS
    @given(body=bodies)
    def post(body):
        before = snapshot(tables)
        response = client.post(
            url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        assert response.status_code < 500, (url, body)
        if response.status_code >= 400:
            assert snapshot(tables) == before, (url, response.status_code, body)

    post()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path


@pytest.mark.heavy
@pytest.mark.django_db
def test_no_form_breaks_or_half_writes(client, world, media):  # noqa: F811
    a_world_with_every_form(world)
    tables = _tables()
    checked = set()
    for role in ROLES:
        client.logout()
        if role is not None:
            client.force_login(getattr(world, role))
        for (name, *_), (action, form) in crawl(client).items():
            checked.add(name)

            fuzz_form(client, tables, action, form)
    # The crawl reached the forms this change is about; a broken crawl would test nothing.
    for expected in (
        "task_report",
        "task_move",
        "task_measure",
        "task_evidence_upload",
        "meetings:meeting_new",
        "feedback_public",
        "api_tokens",
        "ledger_import",
        "manage_user_new",
    ):
        assert expected in checked, sorted(checked)


API_ROLES = ["office", "lead_liaison", "leader"]


def _api_bodies(schema, components):
    properties = components[schema.split("/")[-1]]["properties"]
    wrong_types = st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70),
        st.none(),
        st.booleans(),
        st.lists(hostile, max_size=2),
        st.dictionaries(hostile, hostile, max_size=2),
    )
    return st.dictionaries(
        st.sampled_from(list(properties) + ["extra"]),
        st.one_of(hostile, wrong_types),
        max_size=len(properties) + 1,
    )


@pytest.mark.django_db
def test_no_api_write_breaks_or_half_writes(client, world, media):  # noqa: F811
    a_world_with_every_form(world)
    tables = _tables()
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1")
    components = schema["components"]["schemas"]
    keys = {role: ApiToken.issue(getattr(world, role), "t")[1] for role in API_ROLES}
    routes = [
        (path, op["requestBody"]["content"]["application/json"]["schema"]["$ref"])
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method == "post"
    ]
    assert len(routes) >= 2
    for path, ref in routes:
        for role in API_ROLES:
            url = path.replace("{item_id}", str(world.t1.pk))

            fuzz_api(client, tables, url, keys[role], _api_bodies(ref, components))
