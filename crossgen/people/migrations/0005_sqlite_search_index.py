"""On SQLite, an FTS5 trigram index serves the directory's substring search,
as the trigram index of 0004 does on PostgreSQL. Triggers keep it in step with
people_employee.search_text, whichever way rows are written (ORM, bulk
import, raw SQL)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = (
    "CREATE VIRTUAL TABLE people_employee_search USING fts5("
    "search_text, content='people_employee', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER people_employee_search_insert AFTER INSERT ON people_employee BEGIN "
    "INSERT INTO people_employee_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER people_employee_search_delete AFTER DELETE ON people_employee BEGIN "
    "INSERT INTO people_employee_search(people_employee_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER people_employee_search_update AFTER UPDATE OF search_text ON people_employee "
    "BEGIN INSERT INTO people_employee_search(people_employee_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO people_employee_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO people_employee_search(people_employee_search) VALUES ('rebuild')",
)
DROP = (
    "DROP TRIGGER IF EXISTS people_employee_search_update",
    "DROP TRIGGER IF EXISTS people_employee_search_delete",
    "DROP TRIGGER IF EXISTS people_employee_search_insert",
    "DROP TABLE IF EXISTS people_employee_search",
)


def create_search_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_search_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_search_trigram_index")]
    operations = [migrations.RunPython(create_search_index, drop_search_index)]
