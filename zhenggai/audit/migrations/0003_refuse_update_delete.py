"""On PostgreSQL the audit trail refuses UPDATE and DELETE in the database itself."""

from django.db import migrations

from zhenggai.lib.appendonly import refuse_changes

forward, reverse = refuse_changes("audit_auditentry", create_function=True)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [migrations.RunPython(forward, reverse)]
