"""Stored monthly counts per unit and category (publishing.counts keeps them), filled here from the
items already stored (frozen SQL: the module may change, this migration may not)."""

import django.db.models.deletion
from django.db import migrations, models


def count_stored_items(apps, schema_editor) -> None:
    counts = apps.get_model("publishing", "MonthlyCount")._meta.db_table
    items = apps.get_model("publishing", "Publication")._meta.db_table
    if schema_editor.connection.vendor == "sqlite":
        month = "substr(published_on, 1, 7) || '-01'"
    else:
        month = "CAST(date_trunc('month', published_on) AS date)"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {counts} (month, unit_id, category, items) "
            f"SELECT {month} AS m, unit_id, category, COUNT(*) FROM {items} "
            "GROUP BY m, unit_id, category"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_history_for_aliases_groups_region"),
        ("publishing", "0005_content_key_column_nfkc"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="月份")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("news", "动态/要闻"),
                            ("disclosure", "信息公开"),
                            ("key_area", "重点领域"),
                            ("other", "其他"),
                        ],
                        max_length=16,
                    ),
                ),
                ("items", models.PositiveIntegerField(verbose_name="条数")),
                (
                    "unit",
                    models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, to="orgs.unit"
                    ),
                ),
            ],
            options={
                "verbose_name": "月度条数",
                "verbose_name_plural": "月度条数",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "unit", "category"), name="monthly_count_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(count_stored_items, migrations.RunPython.noop),
    ]
