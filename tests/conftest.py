import pytest


def pytest_collection_modifyitems(config, items):
    # The few tests that take tens of seconds (marked `heavy`) run first, the rest in their
    # usual order: with `--dist worksteal` (make test) the other worker then takes short
    # tests off the end of the queue, so both finish together instead of one worker
    # running a minute-long test alone at the end.
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


@pytest.fixture(autouse=True)
def _fast_hasher(request):
    # Only tests that use Django pay for its settings fixture; the parser's tests run
    # without a database or even Django configured.
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # Stored files (evidence, renditions, staged uploads) in the test's own folder.
        settings.MEDIA_ROOT = request.getfixturevalue("tmp_path") / "media"
    yield
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        # A request in English (the language switcher) leaves English active in the
        # thread: the next test, in whatever order a worker runs them, starts from the
        # site's language.
        from django.utils import translation

        translation.deactivate()


def make_unit(name="区公安分局", **kwargs):
    from zhenggai.units.models import Unit

    return Unit.objects.create(name=name, **kwargs)


def make_user(username, role=None, unit=None, **kwargs):
    from zhenggai.accounts.models import Role, User

    role = role or Role.MEMBER
    user = User.objects.create_user(
        username=username, password="pw", role=role, unit=unit, **kwargs
    )
    if role == Role.LIAISON and unit is not None and unit.liaison_id is None:
        unit.liaison = user
        unit.save(update_fields=["liaison"])
    return user
