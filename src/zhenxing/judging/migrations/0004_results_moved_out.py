"""Results, re-checks and appeals moved to the results app (its 0001 takes their tables over and
keeps the appeal each correction carried out); the correction's own link goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0003_chinese_field_names"),
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="correction", name="appeal"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RecheckItem"),
                migrations.DeleteModel(name="Recheck"),
                migrations.DeleteModel(name="Result"),
                migrations.DeleteModel(name="Appeal"),
            ],
            database_operations=[],
        ),
    ]
