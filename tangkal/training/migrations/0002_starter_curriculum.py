"""Loads the starter curriculum (6 modules, 72 questions) and publishes version 1 of the required curriculum."""

from django.db import migrations


def load(apps, schema_editor):
    from tangkal.training.loader import load_curriculum

    load_curriculum(apps_registry=apps)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
