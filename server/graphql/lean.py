"""Resolvers called without Strawberry's per-call argument machinery.

For every field with a resolver, Strawberry's wrapper converts each declared argument per call
(input types, global ids; leaf values pass through unchanged), builds a chain of partials over
the field's extensions and calls it: on the one-campaign `stats` request (`campaign(slug:)`,
`stats(from:, to:)`) more CPU than the resolvers' own work. A field whose arguments are all
leaves (scalars and enums other than GlobalID, optional or not: graphql-core has already
coerced them, and Strawberry's conversion returns them as they are) and whose only extension is
`Requires` gets a resolver here that renames the arguments, checks the permission as `Requires`
does, and calls the function. A field without resolver or extension (an attribute: most
fields of an answer, such as the eight counters of `stats`) is read with one call, where
Strawberry's resolver calls the field's `get_result` and that the default resolver (`getattr`).
The schema (its SDL) is unchanged; every other field keeps Strawberry's resolver.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import FunctionType
from typing import Any

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    Undefined,
)
from graphql.execution.collect_fields import CollectedFields, FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import to_nodes
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from server.graphql.errors import UserError
from server.graphql.permissions import Requires
from server.graphql.plain import (
    NOT_PLAIN,
    Plan,
    complete_plain,
    dynamic,
    is_leaf_argument,
    literal_arguments,
    plan_of,
)

Resolver = Callable[..., Any]

# What graphql-core collects per request from a document that no variable can change (no
# directive, no fragment argument), kept across requests: documents repeat (the Pipeline's
# parse cache hands out one document per text). By the operation's identity (kept alive with
# it) and, as graphql-core memoizes within one request, by the return type and the identity
# of the field list (kept alive with it). Emptied when it grows past its bound, which keeps
# at most about as many documents alive as the Pipeline's caches do.
_COLLECTED_BOUND = 2048
_STATIC: dict[int, tuple[OperationDefinitionNode, bool]] = {}
_ROOTS: dict[int, tuple[OperationDefinitionNode, GroupedFieldSet]] = {}
_ARGUMENTS: dict[int, tuple[FieldNode, GraphQLField, dict[str, Any] | None]] = {}
_SUBFIELDS: dict[
    tuple[GraphQLObjectType, int], tuple[FieldDetailsList, CollectedFields, Plan | None]
] = {}


def install(schema: strawberry.Schema) -> int:
    """Replace the resolver of every eligible query field; returns how many fields with a
    resolver were replaced (attribute fields are replaced too, not counted)."""
    if schema.schema_converter._exception_handler_specs:
        return 0  # exception handlers wrap Strawberry's resolver: keep it
    subscription = schema._schema.subscription_type
    replaced = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type is subscription:
            continue
        for graphql_field in graphql_type.fields.values():
            field = (graphql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(field, StrawberryField):
                continue
            if field.is_basic_field and schema.config.default_resolver is getattr:
                graphql_field.resolve = _attribute(field.python_name, graphql_field.type)
                continue
            lean = _lean(schema, field)
            if lean is not None:
                graphql_field.resolve = lean
                replaced += 1
    return replaced


def _lean(schema: strawberry.Schema, field: StrawberryField) -> Resolver | None:
    resolver = field.base_resolver
    registry = schema.schema_converter.scalar_registry
    if resolver is None or field.is_subscription:
        return None
    if not all(isinstance(e, Requires) for e in field.extensions) or len(field.extensions) > 1:
        return None
    if not all(is_leaf_argument(a.type, registry) for a in field.arguments):
        return None
    requires = field.extensions[0] if field.extensions else None
    assert requires is None or isinstance(requires, Requires)
    names = {_graphql_name(schema, a): a.python_name for a in field.arguments}
    wants_self = resolver.self_parameter is not None
    sources = [p.name for p in (resolver.parent_parameter, resolver.root_parameter) if p]
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    info_class = schema.config.info_class
    function = resolver.wrapped_func
    if not isinstance(function, FunctionType):  # a staticmethod or classmethod
        return None

    def call(source: Any, info: GraphQLResolveInfo[Any], kwargs: dict[str, Any]) -> Any:
        """The denial (a UserError or an exception to raise), else the resolver's result."""
        strawberry_info = info_class(_raw_info=info, _field=field)
        if requires is not None:
            denied = requires.denied(strawberry_info)
            if denied is not None:
                if requires.typed:
                    return UserError.of(denied)
                raise denied
        arguments = {names[k]: v for k, v in kwargs.items()}
        for name in sources:
            arguments[name] = source
        if info_name is not None:
            arguments[info_name] = strawberry_info
        return function(source, **arguments) if wants_self else function(**arguments)

    if field.is_async:

        async def resolve_async(source: Any, info: GraphQLResolveInfo[Any], **kwargs: Any) -> Any:
            result = call(source, info, kwargs)
            return await result if not isinstance(result, UserError) else result

        resolve_async.vouch_lean = True  # type: ignore[attr-defined]  # Executor
        return resolve_async

    def resolve(source: Any, info: GraphQLResolveInfo[Any], **kwargs: Any) -> Any:
        return call(source, info, kwargs)

    resolve.vouch_lean = True  # type: ignore[attr-defined]  # Executor
    return resolve


def _attribute(name: str, type_: GraphQLOutputType) -> Resolver:
    def resolve(source: Any, _info: GraphQLResolveInfo[Any]) -> Any:
        return getattr(source, name)

    resolve._is_default = True  # type: ignore[attr-defined]  # as Strawberry marks its own
    resolve.vouch_attribute = name  # type: ignore[attr-defined]  # Executor
    nullable = not isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        resolve.vouch_leaf = (name, inner, nullable)  # type: ignore[attr-defined]  # Executor
    return resolve


class Executor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, reading `__typename` and an attribute of a scalar or enum type
    (most fields of an answer, such as the counters of `stats`) in a few calls, without the
    resolve info, argument coercion and completion chain graphql-core builds for each field:
    the value that chain completes. Anything else, and any such field whose value is null
    where it may not be, is not a leaf value or fails, takes graphql-core's own path (which
    reads the attribute again and reports the error as it does). The fields of a static
    document (`_is_static`) are collected on its first request only, and an object whose
    selected fields are all such attributes (the `stats` answer, its `revenue` list) is
    completed in one pass (`plain.complete_plain`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._direct = manager is None or not manager.middlewares
        self._static = _is_static(self.operation, self.fragment_definitions)

    def execute_collected_root_fields(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
        serially: bool,
        new_defer_usages: Any,
    ) -> Any:
        """The root fields of a static document as its first request collected them, so that
        the subfields collected below them are found again (`collect_subfields`)."""
        if self._static:
            operation = self.operation
            found = _ROOTS.get(id(operation))
            if found is not None and found[0] is operation:
                grouped_field_set = found[1]
            else:
                _bounded()
                _ROOTS[id(operation)] = (operation, grouped_field_set)
        return super().execute_collected_root_fields(
            root_type, root_value, grouped_field_set, serially, new_defer_usages
        )

    def collect_subfields(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> CollectedFields:
        if not self._static:
            return super().collect_subfields(return_type, field_details_list)
        return self._subfields(return_type, field_details_list)[0]

    def _plan(self, return_type: GraphQLObjectType, details: FieldDetailsList) -> Plan | None:
        return self._subfields(return_type, details)[1]

    def _subfields(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> tuple[CollectedFields, Plan | None]:
        """The collected subfields of a static document, with their `Plan`."""
        key = (return_type, id(field_details_list))
        found = _SUBFIELDS.get(key)
        if found is not None and found[0] is field_details_list:
            return found[1], found[2]
        collected = super().collect_subfields(return_type, field_details_list)
        plan = plan_of(return_type, collected)
        _bounded()
        _SUBFIELDS[key] = (field_details_list, collected, plan)
        return collected, plan

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        """An object (or list of them) whose selected fields are all `__typename`, leaf
        attributes or attributes of such objects (`revenue { amount currency }`) completed in
        one pass (`plain.complete_plain`); anything else, and any value that pass does not take
        as it is, by graphql-core (which reads the attributes again and reports what it finds)."""
        if self._direct and self._static:
            completed = complete_plain(self._plan, return_type, field_details_list, result)
            if completed is not NOT_PLAIN:
                return completed
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        if self._direct:
            name = field_details_list[0].node.name.value
            if name == "__typename":
                return parent_type.name
            field_def = parent_type.fields.get(name)
            leaf = getattr(field_def.resolve, "vouch_leaf", None) if field_def else None
            if leaf is not None:
                attribute, type_, nullable = leaf
                try:
                    value = getattr(source, attribute)
                    if value is None:
                        if nullable:
                            return None
                    elif not isinstance(value, Exception):
                        coerced = type_.coerce_output_value(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                except Exception:  # noqa: S110 - graphql-core's path reports it
                    pass
            elif self._static and field_def and hasattr(field_def.resolve, "vouch_lean"):
                arguments = self._arguments(field_def, field_details_list[0].node)
                if arguments is not None:
                    return self._lean_field(
                        parent_type,
                        source,
                        field_details_list,
                        path,
                        position_context,
                        field_def,
                        arguments,
                    )
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _arguments(self, field_def: GraphQLField, node: FieldNode) -> dict[str, Any] | None:
        """A lean resolver's arguments in a static document, coerced on its first request
        when no variable can change them (`plain.literal_arguments`)."""
        found = _ARGUMENTS.get(id(node))
        if found is not None and found[0] is node and found[1] is field_def:
            return found[2]
        arguments = literal_arguments(field_def, node, self.variable_values, self.hide_suggestions)
        _bounded()
        _ARGUMENTS[id(node)] = (node, field_def, arguments)
        return arguments

    def _lean_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        details: FieldDetailsList,
        path: Path,
        position_context: Any,
        field_def: GraphQLField,
        arguments: dict[str, Any],
    ) -> Any:
        """graphql-core's `execute_field` with the arguments already coerced."""
        return_type = field_def.type
        info = self.build_resolve_info(field_def, to_nodes(details), parent_type, path)
        try:
            result = field_def.resolve(source, info, **arguments)  # type: ignore[misc]
            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type, details, info, path, result, position_context
                )
            completed = self.complete_value(
                return_type, details, info, path, result, position_context
            )
            if self.is_awaitable(completed):
                return self._settled(completed, return_type, details, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        return completed

    async def _settled(
        self, completed: Any, return_type: GraphQLOutputType, details: FieldDetailsList, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None


def _bounded() -> None:
    if len(_SUBFIELDS) + len(_ROOTS) + len(_STATIC) + len(_ARGUMENTS) >= _COLLECTED_BOUND:
        _ARGUMENTS.clear()
        _SUBFIELDS.clear()
        _ROOTS.clear()
        _STATIC.clear()


def _is_static(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> bool:
    """Whether collecting the operation's fields depends on nothing but the document and the
    schema: no directive anywhere in its selections or fragments (`@skip`, `@include`,
    `@defer`, `@stream` read variables) and no fragment arguments."""
    found = _STATIC.get(id(operation))
    if found is not None and found[0] is operation:
        return found[1]
    static = not any(dynamic(f.selection_set, f) for f in fragments.values()) and not dynamic(
        operation.selection_set, None
    )
    _bounded()
    _STATIC[id(operation)] = (operation, static)
    return static


def _graphql_name(schema: strawberry.Schema, argument: StrawberryArgument) -> str:
    return schema.config.name_converter.from_argument(argument)
