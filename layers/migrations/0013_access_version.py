"""Access changes reach every process's token cache within a second (layers/api/auth.py).

Each process caches a token with its user and staff profile for API_TOKEN_CACHE_SECONDS. The process
that deactivates a user, changes a role or deletes a token forgets its own entries at once (signals),
but other gunicorn workers kept answering from theirs for up to 30 s. Now any write that changes
what the cache answers bumps one counter row in the same transaction, by any means (admin, shell,
QuerySet.update, raw SQL, flush), and every process compares it with the version it last saw at
most once a second, clearing its token cache when it moved. The pattern of layers_reference_version
(migration 0010), for access instead of reference data.

What bumps it: any change to a token (a new one is not cached yet: no bump), to a staff profile
(role, community, department) and to a user, except a login, which stamps last_login alone at every
sign-in and would otherwise empty every cache each time someone logs in.
"""

from django.conf import settings
from django.db import migrations

BUMP = """
CREATE TABLE layers_access_version (id smallint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
INSERT INTO layers_access_version VALUES (1, 1);
CREATE FUNCTION layers_access_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE layers_access_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER authtoken_token_access_version AFTER UPDATE OR DELETE OR TRUNCATE ON authtoken_token
    FOR EACH STATEMENT EXECUTE FUNCTION layers_access_bump();
CREATE TRIGGER layers_staffprofile_access_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON layers_staffprofile FOR EACH STATEMENT EXECUTE FUNCTION layers_access_bump();
CREATE TRIGGER auth_user_access_version_delete AFTER DELETE OR TRUNCATE ON auth_user
    FOR EACH STATEMENT EXECUTE FUNCTION layers_access_bump();
-- Row level, so that a login (last_login only) can be told apart from every other change.
CREATE TRIGGER auth_user_access_version_update AFTER UPDATE ON auth_user FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_login') IS DISTINCT FROM (to_jsonb(NEW) - 'last_login'))
    EXECUTE FUNCTION layers_access_bump();
"""
UNBUMP = """
DROP TRIGGER IF EXISTS auth_user_access_version_update ON auth_user;
DROP TRIGGER IF EXISTS auth_user_access_version_delete ON auth_user;
DROP TRIGGER IF EXISTS layers_staffprofile_access_version ON layers_staffprofile;
DROP TRIGGER IF EXISTS authtoken_token_access_version ON authtoken_token;
DROP FUNCTION IF EXISTS layers_access_bump();
DROP TABLE IF EXISTS layers_access_version;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0012_complaint_received_window"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunSQL(BUMP, UNBUMP)]
