"""The cache table (settings.CACHES without Redis): throttles, locks and anything else
cached are shared by every server process through the database."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_defaults_from_the_clock")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
