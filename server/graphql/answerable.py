"""A mutation whose answer asks for a field the caller may not read is refused before it runs
when that refusal would null the whole answer: a denied field raises, and the null climbs
through every non-null field above it to `data`, so a committed write would be answered
`data: null` (README, "What a client reads back"). A denied field with a nullable field on the
way up (`Link.advocate`) only nulls itself, as in queries, and the mutation runs.

Which gated fields a document reaches that way depends on the document alone (cached per text
and operation); whether they are denied depends on the caller (checked per request)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from graphql.utilities import get_operation_ast
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType as StrawberryOperation

from server.accounts.viewer import Viewer
from server.graphql.permissions import Requires

CACHE_SIZE = 512
# The mutation field's own check (None: anyone), the gated field's name and its check.
Gate = tuple[Requires | None, str, Requires]
_GATES: OrderedDict[tuple[str, str | None], tuple[Gate, ...]] = OrderedDict()


def refusal(ec: ExecutionContext) -> GraphQLError | None:
    """A FORBIDDEN error when the caller may not read a field that would null the answer."""
    document = ec.graphql_document
    if (
        document is None
        or ec.query is None
        or ec.operation_type is not StrawberryOperation.MUTATION
    ):
        return None
    key = (ec.query, ec.operation_name)
    gates = _GATES.get(key)
    if gates is None:
        operation = get_operation_ast(document, ec.operation_name)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        gates = () if operation is None else answer_gates(ec.schema._schema, operation, fragments)
        _GATES[key] = gates
        if len(_GATES) > CACHE_SIZE:
            _GATES.popitem(last=False)
    else:
        _GATES.move_to_end(key)
    viewer: Viewer = ec.context.viewer
    for mutation, name, gate in gates:
        if mutation is not None and mutation.refuses(viewer) is not None:
            continue  # the mutation itself answers FORBIDDEN, typed, and writes nothing
        denied = gate.refuses(viewer)
        if denied is not None:
            denied.message = (
                f"Needs the '{gate.permission.value}' permission to read {name}: nothing was "
                "done. Leave the field out of the answer's selection."
            )
            return GraphQLError(denied.message, original_error=denied)
    return None


def answer_gates(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
) -> tuple[Gate, ...]:
    """The gated fields of a mutation whose denial would climb to `data` (a query or a
    subscription writes nothing: none)."""
    root = schema.mutation_type
    if operation.operation is not OperationType.MUTATION or root is None:
        return ()
    walk = _Walk(schema, fragments)
    for node, parent in _fields(operation.selection_set, root, walk):
        definition = _field(parent, node.name.value)
        if definition is not None and _never_null(definition.type):
            walk.mutation = _gate(definition, typed=True)
            walk.below(node, get_named_type(definition.type), frozenset())
    return tuple(walk.found.values())


class _Walk:
    def __init__(
        self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode]
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.mutation: Requires | None = None
        self.found: dict[tuple[int, str], Gate] = {}

    def below(self, node: FieldNode, named: GraphQLNamedType, seen: frozenset[str]) -> None:
        """`node`'s selections, every field above them non-null up to the mutation."""
        for child, parent in _fields(node.selection_set, named, self, seen):
            definition = _field(parent, child.name.value)
            if definition is None or not _never_null(definition.type):
                continue  # a nullable field stops the climb: its denial nulls only itself
            for owner in self._owners(parent):
                gate = _gate(_field(owner, child.name.value), typed=False)
                if gate is not None:
                    name = f"{owner.name}.{child.name.value}"
                    self.found.setdefault((id(self.mutation), name), (self.mutation, name, gate))
            self.below(child, get_named_type(definition.type), seen)

    def _owners(self, parent: GraphQLNamedType) -> list[GraphQLNamedType]:
        """An interface's field resolves on each of its types: any of them may be gated."""
        if isinstance(parent, GraphQLInterfaceType):
            return [parent, *self.schema.get_possible_types(parent)]
        return [parent]


def _fields(
    node: SelectionSetNode | None,
    parent: GraphQLNamedType,
    walk: _Walk,
    seen: frozenset[str] = frozenset(),
) -> list[tuple[FieldNode, GraphQLNamedType]]:
    """The fields of a selection set with the type each is selected on, fragments expanded."""
    if node is None:
        return []
    found: list[tuple[FieldNode, GraphQLNamedType]] = []
    for selection in node.selections:
        if isinstance(selection, FieldNode):
            found.append((selection, parent))
        elif isinstance(selection, InlineFragmentNode):
            target = _type(walk.schema, selection.type_condition, parent)
            found += _fields(selection.selection_set, target, walk, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = walk.fragments.get(name)
            if fragment is None or name in seen:  # unknown or cyclic: refused by validation
                continue
            target = _type(walk.schema, fragment.type_condition, parent)
            found += _fields(fragment.selection_set, target, walk, seen | {name})
    return found


def _never_null(kind: GraphQLOutputType) -> bool:
    """Non-null at every level (`T!`, `[T!]!`): a null inside climbs past the field."""
    while True:
        if not isinstance(kind, GraphQLNonNull):
            return False
        inner = kind.of_type
        if not isinstance(inner, GraphQLList):
            return True
        kind = inner.of_type


def _gate(definition: GraphQLField | None, *, typed: bool) -> Requires | None:
    """The field's permission check; with `typed` False only one whose denial raises (a field
    whose result may be a UserError answers the denial in its place)."""
    extensions = (definition.extensions or {}) if definition is not None else {}
    strawberry_field = extensions.get("strawberry-definition")
    for extension in getattr(strawberry_field, "extensions", None) or ():
        if isinstance(extension, Requires) and (typed or not extension.typed):
            return extension
    return None


def _field(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def _type(schema: GraphQLSchema, condition: object, parent: GraphQLNamedType) -> GraphQLNamedType:
    name = getattr(getattr(condition, "name", None), "value", None)
    found = schema.get_type(name) if isinstance(name, str) else None
    return found if found is not None else parent
