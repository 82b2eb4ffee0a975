"""For the migrations that put existing rows under an organisation: nothing breaks, every
campaign, unit and user of a deployment that had no tree lands in the default one."""

from zhenggai.organisations.models import DEFAULT_NAME, segment


def default_pk(apps) -> int:
    Organisation = apps.get_model("organisations", "Organisation")
    org = Organisation.objects.filter(is_default=True).first()
    if org is None:
        org = Organisation.objects.create(
            name=DEFAULT_NAME, kind="district", path="~default~", is_default=True
        )
        org.path = segment(org.pk)
        org.save(update_fields=["path"])
    return org.pk


def filler(app_label: str, model_name: str, field: str):
    def fill(apps, schema_editor):
        Model = apps.get_model(app_label, model_name)
        if Model.objects.filter(**{f"{field}__isnull": True}).exists():
            Model.objects.filter(**{f"{field}__isnull": True}).update(**{field: default_pk(apps)})

    return fill
