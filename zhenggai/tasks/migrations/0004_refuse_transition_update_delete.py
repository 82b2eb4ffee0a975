"""On PostgreSQL the transition log refuses UPDATE and DELETE in the database itself."""

from django.db import migrations

from zhenggai.lib.appendonly import refuse_changes

forward, reverse = refuse_changes("tasks_transition")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0003_transition_hash_chain"),
        # The function the trigger calls.
        ("audit", "0003_refuse_update_delete"),
    ]

    operations = [migrations.RunPython(forward, reverse)]
