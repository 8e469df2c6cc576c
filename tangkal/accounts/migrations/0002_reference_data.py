"""Load the 38 provinces, 514 regencies/cities and the agencies (see docs/REFERENCE_DATA.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from tangkal.accounts.reference import load_all

    load_all(apps.get_model("accounts", "Region"), apps.get_model("accounts", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
