"""The claim tests' names and arguments: the one list that the data check
(:mod:`helpers.data`, on ``data/raw/article_claims.csv``) and the claims audit
(:mod:`helpers.claims`, notebook 04) share.

It imports nothing of the analysis, so checking the data does not depend on notebook 04's
module (nor on the modules that one imports). :func:`helpers.claims.claim_test` refuses a
test whose signature differs from the one written here, and that module checks at import
that every name here has its test.
"""

from __future__ import annotations

#: Each test by name: its arguments after the stated value, in order, as (name, type,
#: required); a claim's ``test`` gives them after the name (``decline 2011 2018``).
SIGNATURES: dict[str, tuple[tuple[str, type, bool], ...]] = {
    "annual_total": (("year", int, True),),
    "annual_female_share": (("year", int, True), ("quoted_total", int, False)),
    "cumulative_during": (("year", int, True),),
    "cumulative_share_during": (("year", int, True),),
    "cumulative_above": (("year", int, True),),
    "decline": (("start", int, True), ("end", int, True)),
    "approaching": (("start", int, True), ("end", int, True), ("target", int, True)),
    "peak": (),
    "share_max_through": (("through", int, True),),
    "article_column": (("label", str, True),),
    "article_total": (),
    "unhcr_around": (("region", str, True), ("year", int, True), ("measure", str, True)),
    "unhcr_other_measure": (("region", str, True), ("year", int, True), ("measure", str, True)),
    "origin_share": (("provinces", str, True),),
}


def parse_test(test: str) -> tuple[str, dict[str, object]]:
    """``"decline 2011 2018"`` as ``("decline", {"start": 2011, "end": 2018})``; a
    :class:`ValueError` says what is wrong with an unknown name or the wrong arguments."""
    name, *args = test.split()
    if name not in SIGNATURES:
        raise ValueError(f"unknown test; expected one of: {', '.join([*sorted(SIGNATURES), 'none'])}")
    wanted = SIGNATURES[name]
    required = sum(req for _, _, req in wanted)
    usage = " ".join([name, *(k if req else f"[{k}]" for k, _, req in wanted)])
    if not required <= len(args) <= len(wanted):
        count = f"{required}" if required == len(wanted) else f"{required} to {len(wanted)}"
        raise ValueError(f"takes {count} argument{'s' if len(wanted) != 1 else ''}: {usage}")
    try:
        return name, {k: kind(a) for (k, kind, _), a in zip(wanted, args)}
    except ValueError:
        raise ValueError(f"an argument is not of its type: {usage} "
                         f"({', '.join(f'{k}: {t.__name__}' for k, t, _ in wanted)})") from None
