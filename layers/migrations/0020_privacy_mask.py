"""Personal data in free text masked in the database: layers_mask_personal(text, own_name, own_phone),
with layers_mask_rules and layers_luhn behind it, for the outputs built in SQL (file exports, OGC API
items, the fast GeoJSON).

The statements are `python -m layers.privacy.sql` as of this migration: layers/privacy/patterns.py
defines the rules for Python and SQL alike. tests/layers/privacy/test_sql_function.py fails when
the functions here and the module's differ: a change of the rules needs a migration like this one.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION layers_luhn(candidate text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $luhn$
    SELECT coalesce(count(*) > 0 AND sum(CASE WHEN (n - i) % 2 = 1 THEN d * 2 % 10 + d * 2 / 10 ELSE d END) % 10 = 0,
                    false)
    FROM (SELECT digits, char_length(digits) AS n
          FROM regexp_replace(translate(candidate, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g')
          AS digits) x
    CROSS JOIN generate_series(1, x.n) AS i
    CROSS JOIN LATERAL (SELECT substr(x.digits, i, 1)::int AS d) y
$luhn$;

CREATE OR REPLACE FUNCTION layers_mask_rules(txt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $rules$
DECLARE
    s text := txt;
BEGIN
    IF s ~ '[@＠]' THEN
        s := regexp_replace(s, '([A-Za-z0-9])([A-Za-z0-9._%+-]*)([@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)', '\1***\3', 'g');
    END IF;
    IF s ~ '[0-9０-９](?:[ 　.－-]?[0-9０-９]){6}' THEN
        s := regexp_replace(s, '((?:工单|案卷|案件|网格|订单|运单|快递单)(?:号码|编号|编码|号)?[：:＃# 　]*)([0-9０-９])', '\1' || chr(57344) || '\2', 'g');
    END IF;
    IF s ~ '[0-9０-９](?:[ 　.－-]?[0-9０-９]){14}' THEN
        s := regexp_replace(s, '((?:^|[^0-9０-９\uE000])(?:[1１][1-5１-５]|[2２][1-3１-３]|[3３][1-7１-７]|[4４][1-6１-６]|[5５][0-4０-４]|[6６][1-5１-５]|[7７][1-1１-１]|[8８][1-3１-３])[0-9０-９]{4})([ 　.－-]?(?:[1１][9９]|[2２][0０])[0-9０-９]{2}(?:[0０][1-9１-９]|[1１][0-2０-２])(?:[0０][1-9１-９]|[1-2１-２][0-9０-９]|[3３][0-1０-１])[ 　.－-]?)([0-9０-９]{3}[0-9０-９XxＸｘ])(?![0-9０-９])(?!号?(?:工单|案卷|案件))', '\1********\3', 'g');
        s := regexp_replace(s, '((?:^|[^0-9０-９\uE000])(?:[1１][1-5１-５]|[2２][1-3１-３]|[3３][1-7１-７]|[4４][1-6１-６]|[5５][0-4０-４]|[6６][1-5１-５]|[7７][1-1１-１]|[8８][1-3１-３])[0-9０-９]{4})([ 　.－-]?[1-9１-９][0-9０-９](?:[0０][1-9１-９]|[1１][0-2０-２])(?:[0０][1-9１-９]|[1-2１-２][0-9０-９]|[3３][0-1０-１])[ 　.－-]?)([0-9０-９]{3})(?![0-9０-９])(?!号?(?:工单|案卷|案件))', '\1******\3', 'g');
        FOR i IN REVERSE regexp_count(s, '((?:^|[^0-9０-９\uE000])[3-6３-６](?:[ 　.－-]?[0-9０-９]){3})((?:[ 　.－-]?[0-9０-９]){8,11}[ 　.－-]?)([0-9０-９](?:[ 　.－-]?[0-9０-９]){3})(?![0-9０-９])(?!号?(?:工单|案卷|案件))')..1 LOOP
            IF layers_luhn(regexp_substr(s, '((?:^|[^0-9０-９\uE000])[3-6３-６](?:[ 　.－-]?[0-9０-９]){3})((?:[ 　.－-]?[0-9０-９]){8,11}[ 　.－-]?)([0-9０-９](?:[ 　.－-]?[0-9０-９]){3})(?![0-9０-９])(?!号?(?:工单|案卷|案件))', 1, i)) THEN
                s := regexp_replace(s, '((?:^|[^0-9０-９\uE000])[3-6３-６](?:[ 　.－-]?[0-9０-９]){3})((?:[ 　.－-]?[0-9０-９]){8,11}[ 　.－-]?)([0-9０-９](?:[ 　.－-]?[0-9０-９]){3})(?![0-9０-９])(?!号?(?:工单|案卷|案件))', '\1********\3', 1, i);
            END IF;
        END LOOP;
    END IF;
    IF s ~ '[0-9０-９](?:[ 　.－-]?[0-9０-９]){6}' THEN
        s := regexp_replace(s, '((?:^|[^0-9０-９\uE000])(?:(?:[+＋]|[0０]{2})?[8８][6６][ 　.－-]?)?[1１][3-9３-９][0-9０-９])([ 　.－-]?[0-9０-９]{4}[ 　.－-]?)([0-9０-９]{4})(?![0-9０-９])', '\1****\3', 'g');
        s := regexp_replace(s, '((?:^|[^0-9０-９\uE000])[(（]?(?:[0０][1-2１-２][0-9０-９]|[0０][3-9３-９][0-9０-９]{2})[)）]?[ 　.－-]?)([2-9２-９][0-9０-９]{2,3}[ 　.－-]?)([0-9０-９]{4})(?![0-9０-９])', '\1****\3', 'g');
        s := regexp_replace(s, '((?:电话|座机|固话|手机|联系方式|号码|致电|拨打|(?<![A-Za-z])[Tt][Ee][Ll])[：:是为 　]*)([2-9２-９][0-9０-９]{2,3}[ 　.－-]?)([0-9０-９]{4})(?![0-9０-９])', '\1****\3', 'g');
    END IF;
    IF s ~ '[微VvWwQq护证卡账]' THEN
        s := regexp_replace(s, '((?<![A-Za-z])(?:微信|[Vv][Xx]|[Ww][Xx]|[Qq][Qq]|护照|通行证|证件|身份证|驾驶证|卡号|账号|账户)(?:号码|号)?[：:是为 　]*[A-Za-z0-9_-]{2})([A-Za-z0-9_-]+)([A-Za-z0-9_-]{2})(?![A-Za-z0-9_*-])', '\1****\3', 'g');
    END IF;
    IF s ~ '[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]' THEN
        s := regexp_replace(s, '([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z])([·•・ -]?[A-HJ-NP-Z0-9]{4,5})([A-HJ-NP-Z0-9])(?![A-Za-z0-9])', '\1****\3', 'g');
    END IF;
    RETURN replace(s, chr(57344), '');
END
$rules$;

CREATE OR REPLACE FUNCTION layers_mask_personal(txt text, own_name text DEFAULT '', own_phone text DEFAULT '')
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $mask$
    SELECT CASE WHEN char_length(own_phone) >= 7
    THEN replace(CASE WHEN char_length(own_name) >= 2 AND own_name <> ALL(ARRAY['匿名', '市民', '居民', '来电人', '先生', '女士', '未知', '不详', '保密']::text[])
        THEN replace((CASE WHEN txt ~ '[@＠微VvWwQq护证卡账]|[0-9０-９](?:[ 　.－-]?[0-9０-９]){6}|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]' THEN layers_mask_rules(txt) ELSE txt END), own_name, left(own_name, 1) || repeat('*', char_length(own_name) - 1)) ELSE (CASE WHEN txt ~ '[@＠微VvWwQq护证卡账]|[0-9０-９](?:[ 　.－-]?[0-9０-９]){6}|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]' THEN layers_mask_rules(txt) ELSE txt END) END, own_phone, '****' || right(own_phone, 4))
    ELSE CASE WHEN char_length(own_name) >= 2 AND own_name <> ALL(ARRAY['匿名', '市民', '居民', '来电人', '先生', '女士', '未知', '不详', '保密']::text[])
        THEN replace((CASE WHEN txt ~ '[@＠微VvWwQq护证卡账]|[0-9０-９](?:[ 　.－-]?[0-9０-９]){6}|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]' THEN layers_mask_rules(txt) ELSE txt END), own_name, left(own_name, 1) || repeat('*', char_length(own_name) - 1)) ELSE (CASE WHEN txt ~ '[@＠微VvWwQq护证卡账]|[0-9０-９](?:[ 　.－-]?[0-9０-９]){6}|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]' THEN layers_mask_rules(txt) ELSE txt END) END END
$mask$;
"""
DROP = """
DROP FUNCTION IF EXISTS layers_mask_personal(text, text, text);
DROP FUNCTION IF EXISTS layers_mask_rules(text);
DROP FUNCTION IF EXISTS layers_luhn(text);
"""


class Migration(migrations.Migration):
    dependencies = [("layers", "0019_demo_clock")]

    operations = [migrations.RunSQL(CREATE, DROP)]
