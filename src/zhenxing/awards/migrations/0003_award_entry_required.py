"""Every award has its entry (filled by 0002; a migration of its own, so that PostgreSQL alters
the table after the rows were updated in another transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_award_entry")]

    operations = [
        migrations.AlterField(
            model_name="award",
            name="entry",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="awards",
                to="registration.entry",
                verbose_name="获奖人",
            ),
        ),
        migrations.AlterModelOptions(
            name="award",
            options={
                "ordering": ["final", "rank", "competitor__number", "entry_id", "kind", "id"],
                "verbose_name": "奖项",
                "verbose_name_plural": "奖项",
            },
        ),
    ]
