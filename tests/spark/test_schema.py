from strife.spark.schema import (articles_arrow_schema, extraction_ddl, report_columns,
                                 reports_arrow_schema)
from strife.store.records import REPORT_FIELDS


def test_report_columns_are_the_store_columns_plus_id_and_evidence():
    names = [n for n, _ in report_columns()]
    assert names == ["report_id", *REPORT_FIELDS, "evidence"]


def test_types_follow_the_model():
    kinds = dict(report_columns())
    assert kinds["event_date"] == "date"
    assert kinds["fatalities"] == "int"
    assert kinds["geonameid"] == "bigint"
    assert kinds["latitude"] == "double"
    assert kinds["actor1"] == "string"
    assert kinds["evidence"].startswith("array<struct<field:string")


def test_arrow_schemas_match_the_spark_ddl():
    ddl = extraction_ddl()
    for field in articles_arrow_schema():
        assert f"`{field.name}`" in ddl
    assert reports_arrow_schema().field("evidence").type.value_type.field("end").type.bit_width == 32
