"""Recompute the content keys of stored publications: the column is part of the key, and titles
are compared NFKC-normalised without white space (parsing.content_key).

Without this, an item imported before the change would not be recognised when it comes again.
Two stored items that the new key finds to be one (a title once typed in full-width digits, once
in half-width) are both kept, as they were counted before: the older keeps the key, the newer gets
a key of its own row, so the next import of that item is still recognised as a duplicate.
"""

from django.db import migrations

from gongkai.publishing.parsing import content_key, digest64

BATCH = 10_000


def recompute_content_keys(apps, schema_editor) -> None:
    publication = apps.get_model("publishing", "Publication")
    table = publication._meta.db_table
    rows = publication.objects.order_by("id").values_list(
        "id", "unit_id", "column_id", "title", "published_on"
    )
    seen: set[int] = set()
    last_id = 0
    with schema_editor.connection.cursor() as cursor:
        # Out of the way first, so no new key collides with an old one not yet recomputed.
        cursor.execute(f"UPDATE {table} SET content_key = -id")
        while True:
            batch = list(rows.filter(id__gt=last_id)[:BATCH])
            if not batch:
                return
            updates = []
            for pk, unit_id, column_id, title, published_on in batch:
                key = content_key(unit_id, column_id, title, published_on.isoformat())
                if key in seen:
                    key = digest64(f"kept-duplicate\x1f{pk}")
                seen.add(key)
                updates.append((key, pk))
            cursor.executemany(f"UPDATE {table} SET content_key = %s WHERE id = %s", updates)
            last_id = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("publishing", "0004_normalized_url_keys")]

    operations = [migrations.RunPython(recompute_content_keys, migrations.RunPython.noop)]
