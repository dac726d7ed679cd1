import unicodedata

from django.db import migrations


def _normalized(number: str) -> str:
    # idcard.normalize as of this migration, copied: a migration must not change with the code
    if number.isascii() and number.isalnum():
        return number.upper()
    return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def normalize_document_numbers(apps, schema_editor):
    """Numbers stored before they were normalized (１５０１…, a space, a lower-case x) take the
    form new ones are stored and looked up in. Where that form is already another person's, the
    two records are left as they are for the committee office to merge: joining two people's
    entries is not a migration's decision."""
    Person = apps.get_model("registration", "Person")
    people = Person.objects.only("pk", "document_type", "document_number")
    taken = {(p.document_type, p.document_number) for p in people}
    for person in people:
        number = _normalized(person.document_number)
        key = (person.document_type, number)
        if number != person.document_number and key not in taken:
            Person.objects.filter(pk=person.pk).update(document_number=number)
            taken.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0005_person_phone_owner"),
    ]

    operations = [
        migrations.RunPython(normalize_document_numbers, migrations.RunPython.noop),
    ]
