"""What client tooling reads from the schema: codegen maps each custom scalar by its
`@specifiedBy` (Date and DateTime were "Date (isoformat)", no format named), and Relay's
`@connection` / `@refetchable` need every connection and Node type to keep the spec's shape.
tests/clients/run.sh runs the real tools (GraphQL Code Generator, tsc --strict)."""

from __future__ import annotations

from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    specified_scalar_types,
)

from tests.field_paths import graphql_schema


def test_every_custom_scalar_says_its_format() -> None:
    schema = graphql_schema()
    custom = [
        t
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLScalarType) and name not in specified_scalar_types
    ]
    assert {t.name for t in custom} >= {"BigInt", "Date", "DateTime", "JSON"}
    for scalar in custom:
        assert scalar.specified_by_url and scalar.specified_by_url.startswith("https://"), scalar
        assert scalar.description and "isoformat" not in scalar.description, scalar


def test_connections_keep_the_relay_shape() -> None:
    schema = graphql_schema()
    page_info = schema.type_map["PageInfo"]
    assert isinstance(page_info, GraphQLObjectType)
    assert {k: str(v.type) for k, v in page_info.fields.items()} == {
        "hasNextPage": "Boolean!",
        "hasPreviousPage": "Boolean!",
        "startCursor": "String",
        "endCursor": "String",
    }
    connections = 0
    for name, kind in schema.type_map.items():
        if not isinstance(kind, GraphQLObjectType) or name.startswith("__"):
            continue
        for field_name, field in kind.fields.items():
            connection = get_named_type(field.type)
            if not connection.name.endswith("Connection"):
                continue
            connections += 1
            where = f"{name}.{field_name}"
            assert {"first", "after", "last", "before"} <= set(field.args), where
            assert isinstance(connection, GraphQLObjectType), where
            assert str(connection.fields["pageInfo"].type) == "PageInfo!", where
            edges = connection.fields["edges"]
            edge = get_named_type(edges.type)
            assert isinstance(edge, GraphQLObjectType), where
            assert str(edges.type) == f"[{edge.name}!]!", where
            assert str(edge.fields["cursor"].type) == "String!", where
            assert isinstance(edge.fields["node"].type, GraphQLNonNull), where
    assert connections >= 15


def test_every_node_is_refetchable_by_id() -> None:
    schema = graphql_schema()
    node = schema.type_map["Node"]
    assert isinstance(node, GraphQLInterfaceType)
    query = schema.query_type
    assert query is not None
    assert str(query.fields["node"].type) == "Node" and set(query.fields["node"].args) == {"id"}
    assert str(query.fields["node"].args["id"].type) == "ID!"
    for kind in schema.get_possible_types(node):
        assert str(kind.fields["id"].type) == "ID!", kind.name
