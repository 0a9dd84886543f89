"""Create the PostgreSQL database named by DATABASE_URL if it does not exist yet (for ``make bench-*``)."""

import os
import sys

import environ
import psycopg2
from psycopg2 import sql

url = os.environ.get("DATABASE_URL", "")
config = environ.Env.db_url_config(url) if url else {}
if config.get("ENGINE") != "django.db.backends.postgresql":
    sys.exit(f"benchmarks need PostgreSQL: DATABASE_URL={url!r}")
params = {
    "host": config.get("HOST") or "127.0.0.1",
    "port": config.get("PORT") or 5432,
    "user": config.get("USER") or "postgres",
    "password": config.get("PASSWORD") or None,
}
connection = psycopg2.connect(dbname="postgres", **params)
connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}")
finally:
    connection.close()
