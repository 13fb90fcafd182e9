"""The Whoosh query parser as people use it: fuzzy words and NEAR in, quirky syntax out."""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.qparser import AndGroup, QueryParser, plugins, syntax
from whoosh.query.spans import SpanNear2

from archive.engines.whoosh.index import SCHEMA, TEXT_FIELDS

# The words the parser reads as operators when written in capitals.
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
NEAR_WORDS = 10


class NearGroup(syntax.GroupNode):
    """Words within a few positions of each other, in either order (`a NEAR b`)."""

    merging = False
    slop = NEAR_WORDS

    def query(self, parser: QueryParser) -> wq.Query:
        """Return a SpanNear2 over the operands, or AND where nearness means nothing."""
        operands = [node.query(parser) for node in self.nodes]
        # Positions are only comparable within the passage text (the exact and stem
        # fields share them); `speaker:x NEAR word` is read as speaker:x AND word.
        if all(leaf.field() in TEXT_FIELDS for q in operands for leaf in q.leaves()):
            return SpanNear2(operands, slop=self.slop, ordered=False)
        return wq.And(operands)


class NearOperator(syntax.InfixOperator):
    """The NEAR operator, carrying its distance (`NEAR/5`) to the group it makes."""

    def __init__(self, text: str, slop: int) -> None:
        super().__init__(text, NearGroup, True)
        self.slop = slop

    def replace_self(self, parser: QueryParser, group: syntax.GroupNode, position: int) -> int:
        """Group the two operands, then give the group this operator's distance."""
        new_position = super().replace_self(parser, group, position)
        if 0 < position <= len(group) and isinstance(group[position - 1], NearGroup):
            group[position - 1].slop = self.slop
        return new_position


class NearTagger(plugins.OperatorsPlugin.OpTagger):
    """Tag `NEAR` and `NEAR/5` as infix operators."""

    def create(self, parser: QueryParser, match: re.Match[str]) -> syntax.InfixOperator:
        """Return the operator with the distance it was given."""
        slop = int(match.group("n")) if match.group("n") else NEAR_WORDS
        return NearOperator(match.group(0), max(1, min(slop, 50)))


def make_parser() -> QueryParser:
    """Return Whoosh's query parser without the syntax journalists never mean, plus NEAR."""
    parser = QueryParser("stem", SCHEMA, group=AndGroup)
    # Single quotes are apostrophes in speech ("don't"); boosts, ranges and `*:*` are
    # syntax no journalist means to type.
    for unwanted in (
        plugins.SingleQuotePlugin,
        plugins.BoostPlugin,
        plugins.RangePlugin,
        plugins.EveryPlugin,
    ):
        parser.remove_plugin_class(unwanted)
    parser.add_plugin(plugins.FuzzyTermPlugin())
    near = NearTagger(r"(?<=\s)NEAR(?:/(?P<n>\d+))?(?=\s)", NearGroup, NearOperator)
    parser.replace_plugin(plugins.OperatorsPlugin(ops=[(near, 0)]))
    return parser


PARSER = make_parser()
