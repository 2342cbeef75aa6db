"""The case an event is about gets columns of its own, and every lookup of the trail an
index ending in id (the order the trail is read and paged in).

"Who has seen this case" used to find its events by `detail.case` inside the JSON detail,
a scan of the whole table. `case_id` and `case_reference` now hold `detail.case` and
`detail.reference`; `audit_log` fills them when it writes an event. Events already stored
are filled here, once: the append-only trigger refuses UPDATE, so this migration (run by
the table's owner, in its own transaction) switches the trigger off for that one statement
and on again. The columns are copies of what the hashed detail says, not part of the hash:
`audit_verify` checks every event's columns against its detail, so a column changed later
to hide an event from the access log is reported as a break like any other rewrite. A side
table was the alternative; it would cost a join on every access-log read and a second
table to protect, for no gain in what can be detected."""

from django.db import migrations, models

POSTGRESQL = """
ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only;
UPDATE audit_auditevent SET
    case_id = CASE WHEN jsonb_typeof(detail -> 'case') = 'string'
                    AND length(detail ->> 'case') <= 64 THEN detail ->> 'case' ELSE '' END,
    case_reference = CASE WHEN jsonb_typeof(detail -> 'reference') = 'string'
                    AND length(detail ->> 'reference') <= 64 THEN detail ->> 'reference' ELSE '' END
WHERE detail ? 'case' OR detail ? 'reference';
ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only;
"""

SQLITE = """
UPDATE audit_auditevent SET
    case_id = CASE WHEN json_type(detail, '$.case') = 'text'
                    AND length(json_extract(detail, '$.case')) <= 64
                    THEN json_extract(detail, '$.case') ELSE '' END,
    case_reference = CASE WHEN json_type(detail, '$.reference') = 'text'
                    AND length(json_extract(detail, '$.reference')) <= 64
                    THEN json_extract(detail, '$.reference') ELSE '' END
WHERE json_type(detail, '$.case') IS NOT NULL OR json_type(detail, '$.reference') IS NOT NULL
"""


def fill_case_columns(apps, schema_editor):
    """The same rule as `audit.models.case_columns`: text of at most 64 characters."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)
    else:  # pragma: no cover - the product runs on PostgreSQL and SQLite only
        raise NotImplementedError(vendor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_version")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="case_id",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="case id"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="case_reference",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="case reference"
            ),
        ),
        migrations.RunPython(fill_case_columns, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["case_id", "id"], name="audit_event_case_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["case_reference", "id"], name="audit_event_case_ref_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["organisation_id", "id"], name="audit_event_org_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor_id", "id"], name="audit_event_actor_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "id"], name="audit_event_action_id_idx"),
        ),
    ]
