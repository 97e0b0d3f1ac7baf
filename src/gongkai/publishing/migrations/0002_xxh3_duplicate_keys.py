"""Recompute the duplicate keys of stored publications with the XXH3 digest.

Earlier versions stored blake2b keys; without this, a re-import after the upgrade would not
recognise rows imported before it as duplicates.
"""

from django.db import migrations

from gongkai.publishing.parsing import digest64

BATCH = 10_000


def recompute_keys(apps, schema_editor) -> None:
    publication = apps.get_model("publishing", "Publication")
    table = publication._meta.db_table
    rows = publication.objects.order_by("id").values_list(
        "id", "unit_id", "title", "published_on", "url"
    )
    last_id = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            batch = list(rows.filter(id__gt=last_id)[:BATCH])
            if not batch:
                return
            cursor.executemany(
                f"UPDATE {table} SET url_key = %s, content_key = %s WHERE id = %s",
                [
                    (
                        digest64(url) if url else None,
                        # the content key of that version (0005 adds the column and NFKC)
                        digest64(f"{unit_id}\x1f{title}\x1f{published_on.isoformat()}"),
                        pk,
                    )
                    for pk, unit_id, title, published_on, url in batch
                ],
            )
            last_id = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(recompute_keys, migrations.RunPython.noop)]
