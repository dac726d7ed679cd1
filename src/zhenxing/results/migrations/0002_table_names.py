"""The tables taken over from the finals get this app's names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_initial"),
        ("judging", "0004_results_moved_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="appeal", table=None),
        migrations.AlterModelTable(name="recheck", table=None),
        migrations.AlterModelTable(name="result", table=None),
        migrations.AlterModelTable(name="recheckitem", table=None),
    ]
