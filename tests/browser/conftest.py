"""A real browser for the main journeys: Debian's chromium driven by Playwright.

`make test` installs both (debian-packages.txt, the test extras); a machine without them
fails here rather than passing quietly. Screenshots go to test-artifacts/ (gitignored).
"""

import os
import pathlib

import pytest
from django.db import connections
from playwright import sync_api

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls
# happen in its own thread, the test's setup before the loop starts.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # While Playwright's sync API is open an event loop runs in this thread, and Django
        # (asgiref's Local) then keeps the test's database connection in a context
        # variable instead of the thread's slot. pytest-django closes only the latter, so
        # close this one here, while the loop still runs: left open it kept PostgreSQL
        # from dropping the test database at the end of the session.
        connections.close_all()


class Session:
    def __init__(self, browser, base):
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.base = base

    def login(self, username):
        page = self.page
        page.goto(f"{self.base}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pw")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert "/login/" not in page.url, page.content()[:2000]
        return self

    def item(self, task):
        self.page.goto(f"{self.base}/ledger/{task.pk}/")
        return self.page

    def submit(self, form):
        with self.page.expect_navigation():
            self.page.click(f"{form} button[type=submit] >> nth=0")
        assert "alert" not in self.page.inner_html("#actions"), self.page.inner_text("#actions")

    def shot(self, name):
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()
