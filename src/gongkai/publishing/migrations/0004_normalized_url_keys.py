"""Recompute the link keys of stored publications from the normalised link (adapters.urls).

Without this, an item imported before the change would not be recognised when the same link comes
again in another spelling (host case, default port, query order). Two stored items whose links
turn out to be one keep the key on the older row only; the newer keeps its content key.
"""

from django.db import migrations

from gongkai.publishing.parsing import url_key

BATCH = 10_000


def recompute_url_keys(apps, schema_editor) -> None:
    publication = apps.get_model("publishing", "Publication")
    table = publication._meta.db_table
    rows = publication.objects.exclude(url="").order_by("id").values_list("id", "url")
    seen: set[int] = set()
    last_id = 0
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET url_key = NULL")
        while True:
            batch = list(rows.filter(id__gt=last_id)[:BATCH])
            if not batch:
                return
            updates = []
            for pk, url in batch:
                key = url_key(url)
                if key not in seen:
                    seen.add(key)
                    updates.append((key, pk))
            cursor.executemany(f"UPDATE {table} SET url_key = %s WHERE id = %s", updates)
            last_id = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_import_batch_process")]

    operations = [migrations.RunPython(recompute_url_keys, migrations.RunPython.noop)]
