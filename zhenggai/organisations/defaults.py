"""The default of every organisation foreign key, importable by any models module without
loading the organisations app's models at import time."""


def default_organisation_id() -> int:
    from zhenggai.organisations.models import default_organisation

    return default_organisation().pk
