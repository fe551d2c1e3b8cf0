"""On PostgreSQL, a trigram index serves the directory's substring search
(LIKE '%term%'), which no B-tree can. SQLite keeps the covering index of 0003."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_trigram_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS employee_search_trgm_idx "
        "ON people_employee USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS employee_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_directory_indexes")]
    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
