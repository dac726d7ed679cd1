"""Each award names whose it is (team events: one award per member); existing awards are their
competitor's entry's."""

import django.db.models.deletion
from django.db import migrations, models


def own_entry(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    Competitor = apps.get_model("judging", "Competitor")
    entries = dict(Competitor.objects.values_list("pk", "entry_id"))
    for award in Award.objects.filter(entry__isnull=True).only("pk", "competitor_id"):
        Award.objects.filter(pk=award.pk).update(entry_id=entries[award.competitor_id])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("judging", "0006_team_events"),
        ("registration", "0008_team_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="entry",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="awards",
                to="registration.entry",
                verbose_name="获奖人",
            ),
        ),
        migrations.RunPython(own_entry, migrations.RunPython.noop),
    ]
