"""Every function of Obsidian's *Functions* page, and the value rules queries share
(truthiness, equality, sort order, display, dates and durations read from text).

Expected values are the examples of Obsidian's documentation where it gives one, and
otherwise worked out by hand from its description.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from noteforge.query.evaluate import QueryError, Scope, evaluate
from noteforge.query.functions import METHODS
from noteforge.query.values import (
    Duration,
    FileValue,
    Icon,
    Image,
    LinkValue,
    ObjectValue,
    Regex,
    Value,
    compare,
    display,
    equal,
    parse_date,
    parse_duration,
    truthy,
)
from noteforge.querylang.expr import parse_expression
from tests.query_support import FakeCorpus, link, make_row

NOTE = make_row(
    "Books/Dune.md",
    {
        "author": link("People/Frank Herbert.md", "Frank Herbert"),
        "rating": 9,
        "price": 3.14159,
        "pages": 412,
        "title": "  dune messiah  ",
        "read": datetime(2025, 5, 24, 21, 5, 9, 250_000),
        "published": date(1965, 8, 1),
        "nums": (3, 1, 2),
        "nested": (1, (2, 3), (4, (5,))),
        "mixed": (None, "b", 2, "a", 1, date(2020, 1, 1), True),
        "dupes": (1, 2, 2, 3, 1),
        "meta": ObjectValue((("a", 1), ("b", 2))),
        "nothing": ObjectValue(()),
        "blank": "",
        "zero": 0,
        "flag": True,
    },
    tags=("book", "scifi/classic", "Favourite"),
    links=("People/Frank Herbert.md", link(None, "Arrakis")),
    embeds=("Attachments/cover.jpg",),
)
AUTHOR = make_row("People/Frank Herbert.md", {"born": date(1920, 10, 8)}, links=("Books/Dune.md",))
COVER = make_row("Attachments/cover.jpg")
CORPUS = FakeCorpus((NOTE, AUTHOR, COVER), today=date(2025, 5, 27))


def value_of(text: str) -> Value:
    return evaluate(parse_expression(text), Scope(row=NOTE, corpus=CORPUS, this=AUTHOR))


def error_code(text: str) -> str:
    with pytest.raises(QueryError) as caught:
        value_of(text)
    return caught.value.code


def check(text: str, expected: Value) -> None:
    got = value_of(text)
    assert got == expected, f"{text} gave {got!r}"
    assert type(got) is type(expected), f"{text} gave a {type(got).__name__}"


# --- global functions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('escapeHTML("<b>Tom & \\"Jerry\\"</b>")', "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"),
        ('date("2025-01-01 12:00:00")', datetime(2025, 1, 1, 12, 0)),
        ('date("2025-05-27")', date(2025, 5, 27)),
        ('date("2025-05-27T10:30:00Z")', datetime(2025, 5, 27, 10, 30)),
        ('date("2025-05-27T10:30:00+02:00")', datetime(2025, 5, 27, 8, 30)),
        ("date(published)", date(1965, 8, 1)),
        ("date(missing)", None),
        ('duration("1d")', Duration(0, 86_400_000)),
        ('duration("2 weeks")', Duration(0, 14 * 86_400_000)),
        ('duration("1y 2M")', Duration(14, 0)),
        ('duration("5h") * 2', Duration(0, 36_000_000)),
        ('file("People/Frank Herbert.md")', FileValue("People/Frank Herbert.md")),
        ('file(link("[[Frank Herbert]]"))', FileValue("People/Frank Herbert.md")),
        ('file("Frank Herbert")', FileValue("People/Frank Herbert.md")),
        ('file("Nowhere")', None),
        ('html("<script>alert(1)</script>")', "<script>alert(1)</script>"),
        ('if(rating > 5, "good", "bad")', "good"),
        ('if(rating > 10, "good", "bad")', "bad"),
        ('if(rating > 10, "good")', None),
        ('if(blank, "yes", "no")', "no"),
        ('if(true, "lazy", missing.shout.loudly)', "lazy"),
        ('image("https://obsidian.md/logo.svg")', Image("https://obsidian.md/logo.svg")),
        ("image(file.embeds[0])", Image("Attachments/cover.jpg")),
        ('image(file("Attachments/cover.jpg"))', Image("Attachments/cover.jpg")),
        ('icon("arrow-right")', Icon("arrow-right")),
        ('link("Frank Herbert")', LinkValue("People/Frank Herbert.md", "Frank Herbert")),
        ('link("Frank Herbert", "F.H.")', LinkValue("People/Frank Herbert.md", "Frank Herbert", "F.H.")),
        (
            'link("[[Frank Herbert|Herbert]]")',
            LinkValue("People/Frank Herbert.md", "Frank Herbert", "Herbert"),
        ),
        ('link("https://obsidian.md")', LinkValue(None, "https://obsidian.md")),
        ("link(file)", LinkValue("Books/Dune.md", "Dune")),
        (
            'link("Frank Herbert", icon("plus"))',
            LinkValue("People/Frank Herbert.md", "Frank Herbert", "plus"),
        ),
        ('list("value")', ("value",)),
        ("list(nums)", (3, 1, 2)),
        ("list(missing)", ()),
        ("max(1, 5, 3)", 5),
        ("max(2.5, missing, 1)", 2.5),
        ("min(4, 2, 8)", 2),
        ("min(missing)", None),
        ('max(date("2020-01-01"), published)', date(2020, 1, 1)),
        ("now()", datetime(2025, 5, 27)),
        ("today()", date(2025, 5, 27)),
        ('number("3.4")', 3.4),
        ('number("12")', 12),
        ("number(true)", 1),
        ("number(false)", 0),
        ('number(date("1970-01-02"))', 86_400_000),
        ('number(duration("1s"))', 1000),
        ("number(missing)", None),
        ('number(" -2.5e1 ")', -25),
        ('number("Infinity")', float("inf")),
    ],
)
def test_global_functions(text: str, expected: Value) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('date("next week")', "NF506"),
        ('date("2025-02-30")', "NF506"),
        ('duration("soon")', "NF506"),
        ('number("3 apples")', "NF506"),
        ('number("inf")', "NF506"),
        ('number("nan")', "NF506"),
        ('number("1_000")', "NF506"),
        ('number("")', "NF506"),
        ("number(nums)", "NF503"),
        ('max(1, "two")', "NF503"),
        ("if(true)", "NF507"),
        ("now(1)", "NF507"),
        ("list()", "NF507"),
        ("link(nums)", "NF503"),
        ("shout(1)", "NF502"),
    ],
)
def test_global_function_errors(text: str, code: str) -> None:
    assert error_code(text) == code


# --- any value --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.isTruthy()", True),
        ("0.isTruthy()", False),
        ('"".isTruthy()', False),
        ("[].isTruthy()", False),
        ("missing.isTruthy()", False),
        ('"example".isType("string")', True),
        ('true.isType("boolean")', True),
        ('rating.isType("number")', True),
        ('nums.isType("list")', True),
        ('published.isType("date")', True),
        ('author.isType("link")', True),
        ('file.isType("file")', True),
        ('meta.isType("object")', True),
        ('missing.isType("null")', True),
        ('rating.isType("string")', False),
        ("123.toString()", "123"),
        ("(2.5).toString()", "2.5"),
        ("true.toString()", "true"),
        ("published.toString()", "1965-08-01"),
        ("read.toString()", "2025-05-24 21:05:09"),
        ("nums.toString()", "3, 1, 2"),
        ("author.toString()", "Frank Herbert"),
        ("missing.toString()", ""),
    ],
)
def test_functions_of_any_value(text: str, expected: Value) -> None:
    check(text, expected)


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("read.year", 2025),
        ("read.month", 5),
        ("read.day", 24),
        ("read.hour", 21),
        ("read.minute", 5),
        ("read.second", 9),
        ("read.millisecond", 250),
        ("published.hour", 0),
        ("read.date()", date(2025, 5, 24)),
        ('now().date().format("YYYY-MM-DD HH:mm:ss")', "2025-05-27 00:00:00"),
        ('published.format("YYYY-MM-DD")', "1965-08-01"),
        ('read.format("dddd, MMMM Do YYYY, h:mm:ss a")', "Saturday, May 24th 2025, 9:05:09 pm"),
        ('read.format("ddd D MMM YY [at] HH:mm")', "Sat 24 May 25 at 21:05"),
        ('read.format("M/D/YYYY Q DDD SSS")', "5/24/2025 2 144 250"),
        ('date("2025-01-01").format("W GGGG E d")', "1 2025 3 3"),
        ('published.format("X")', "-139449600"),
        ("read.time()", "21:05:09"),
        ("published.time()", "00:00:00"),
        ("read.relative()", "2 days ago"),
        ('(now() + "2h").relative()', "in 2 hours"),
        ('(now() - "30s").relative()', "a few seconds ago"),
        ('(now() - "1M").relative()', "a month ago"),
        ("published.relative()", "60 years ago"),
        ("read.isEmpty()", False),
    ],
)
def test_date_functions(text: str, expected: Value) -> None:
    check(text, expected)


def test_a_date_field_that_does_not_exist_is_an_error() -> None:
    assert error_code("read.week") == "NF503"
    assert error_code('rating.format("YYYY")') == "NF503"


# --- strings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"hello".length', 5),
        ('"hello".contains("ell")', True),
        ('"hello".contains("xyz")', False),
        ('"hello".contains(missing)', False),
        ('"a1".contains(1)', True),
        ('"hello".containsAll("h", "e")', True),
        ('"hello".containsAll("h", "x")', False),
        ('"hello".containsAny("x", "y", "e")', True),
        ('"hello".containsAny("x", "y")', False),
        ('"hello".endsWith("lo")', True),
        ('"hello".startsWith("he")', True),
        ('"hello".startsWith("lo")', False),
        ('"Hello world".isEmpty()', False),
        ('"".isEmpty()', True),
        ("missing.isEmpty()", True),
        ('"HeLLo".lower()', "hello"),
        ('"a,b,c,d".replace(/,/, "-")', "a-b,c,d"),
        ('"a,b,c,d".replace(/,/g, "-")', "a-b-c-d"),
        ('"a,b,c,d".replace(",", "-")', "a-b-c-d"),
        ('"John Smith".replace(/(\\w+) (\\w+)/, "$2, $1")', "Smith, John"),
        ('"abc".replace(/B/i, "[$&]")', "a[b]c"),
        ('"123".repeat(2)', "123123"),
        ('"hello".reverse()', "olleh"),
        ('"hello".slice(1, 4)', "ell"),
        ('"hello".slice(1)', "ello"),
        ('"hello".slice(-3)', "llo"),
        ('"a,b,c,d".split(",", 3)', ("a", "b", "c")),
        ('"a,b,c,d".split(/,/, 3)', ("a", "b", "c")),
        ('"a, b,c".split(/,\\s*/)', ("a", "b", "c")),
        ('"abc".split("")', ("a", "b", "c")),
        ('"hello world".title()', "Hello World"),
        ('"  hi  ".trim()', "hi"),
        ("title.trim().title()", "Dune Messiah"),
        ("file.name.lower()", "dune"),
        ('author.contains("Herbert")', True),
        ('file.embeds[0].containsAny("jpg", "png")', True),
    ],
)
def test_string_functions(text: str, expected: Value) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('"abc".round()', "NF503"),
        ('"abc".contains(nums)', "NF503"),
        ('"abc".repeat(-1)', "NF506"),
        ('"abc".replace(/(/, "x")', "NF506"),
        ('"abc".contains()', "NF507"),
        ('"abc".upper()', "NF502"),
    ],
)
def test_string_function_errors(text: str, code: str) -> None:
    assert error_code(text) == code


def test_a_query_cannot_build_huge_text() -> None:
    assert error_code('"ab".repeat(10000000)') == "NF506"
    assert (
        error_code('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21].reduce(acc + acc, "ab")')
        == "NF506"
    )


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(-5).abs()", 5),
        ("(2.1).ceil()", 3),
        ("(2.9).floor()", 2),
        ("(-2.1).floor()", -3),
        ("(1e308 * 10).floor()", float("inf")),
        ("(-1e308 * 10).ceil()", float("-inf")),
        ("5.isEmpty()", False),
        ("(2.5).round()", 3),
        ("(-2.5).round()", -2),
        ("(2.4).round()", 2),
        ("(2.3333).round(2)", 2.33),
        ("(1e308).round(2)", 1e308),
        ("(1234.5).round(-2)", 1200.0),
        ("rating.round()", 9),
        ("(3.14159).toFixed(2)", "3.14"),
        ("(2.5).toFixed(0)", "3"),
        ("(1.005).toFixed(2)", "1.00"),
        ("rating.toFixed(1)", "9.0"),
        ("(-1.5).toFixed(0)", "-2"),
        ("price.toFixed(3)", "3.142"),
        ("(1e21).toFixed(2)", "1e+21"),
    ],
)
def test_number_functions(text: str, expected: Value) -> None:
    check(text, expected)


def test_number_function_errors() -> None:
    assert error_code("nums.abs()") == "NF503"
    assert error_code('(1).toFixed("x")') == "NF503"
    assert error_code("(1).toFixed(101)") == "NF506"


# --- lists ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1,2,3].length", 3),
        ("[1,2,3].contains(2)", True),
        ("[1,2,3].contains(4)", False),
        ('[1,2,3].contains("2")', False),
        ("[1,2,3].containsAll(2,3)", True),
        ("[1,2,3].containsAll(2,4)", False),
        ("[1,2,3].containsAny(3,4)", True),
        ("[1,2,3].containsAny(4,5)", False),
        ("[1,2,3,4].filter(value > 2)", (3, 4)),
        ("[5,6,7].filter(index != 1)", (5, 7)),
        ("[1,[2,3]].flat()", (1, 2, 3)),
        ("nested.flat()", (1, 2, 3, 4, (5,))),
        ("[1,2,3].isEmpty()", False),
        ("[].isEmpty()", True),
        ('[1,2,3].join(",")', "1,2,3"),
        ('[author, "x"].join(" & ")', "Frank Herbert & x"),
        ("[1,2,3,4].map(value + 1)", (2, 3, 4, 5)),
        ("[10,20].map(index)", (0, 1)),
        ("[1,2,3].reduce(acc + value, 0)", 6),
        (
            '[3, "x", 7, 5].filter(value.isType("number"))'
            ".reduce(if(acc == null || value > acc, value, acc), null)",
            7,
        ),
        ("[].reduce(acc + value, 0)", 0),
        ("[1,2,3].reverse()", (3, 2, 1)),
        ("[1,2,3,4].slice(1,3)", (2, 3)),
        ("[1,2,3,4].slice(2)", (3, 4)),
        ("[3, 1, 2].sort()", (1, 2, 3)),
        ('["c", "a", "b"].sort()', ("a", "b", "c")),
        ('["b", "B", "a"].sort()', ("a", "B", "b")),
        ("mixed.sort()", (True, 1, 2, date(2020, 1, 1), "a", "b", None)),
        ("[1,2,2,3].unique()", (1, 2, 3)),
        ("dupes.unique()", (1, 2, 3)),
        ('[link("Frank Herbert"), author].unique().length', 1),
        ("nums.map(value * 10).filter(value > 15).sort()", (20, 30)),
        ("missing.filter(value > 1)", None),
        ("[[1, 2], [3]].map(value.length)", (2, 1)),
        ("[[1, 2], [3]].map(value.map(value * 2))", ((2, 4), (6,))),
        ("[1,2].map(rating)", (9, 9)),
    ],
)
def test_list_functions(text: str, expected: Value) -> None:
    check(text, expected)


def test_list_function_errors() -> None:
    assert error_code("rating.filter(value > 1)") == "NF503"
    assert error_code("[1].map()") == "NF507"
    assert error_code("[1].reduce(acc)") == "NF507"
    assert error_code("[1].join(1, 2)") == "NF507"


def test_variables_shadow_note_properties_only_inside() -> None:
    row = make_row("a.md", {"value": "own", "index": 99})
    scope = Scope(row=row, corpus=CORPUS)
    assert evaluate(parse_expression("[1, 2].map(value)"), scope) == (1, 2)
    assert evaluate(parse_expression("value + index"), scope) == "own99"
    assert evaluate(parse_expression("note.value"), scope) == "own"


# --- links and files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("author.asFile()", FileValue("People/Frank Herbert.md")),
        ('link("Nowhere").asFile()', None),
        ('link("[[Frank Herbert]]").asFile().file.name', "Frank Herbert"),
        ("author.asFile().properties.born", date(1920, 10, 8)),
        ("author.linksTo(file)", True),
        ('author.linksTo(file("Attachments/cover.jpg"))', False),
        ('link("Nowhere").linksTo(file)', False),
        ("file.asLink()", LinkValue("Books/Dune.md", "Dune")),
        ('file.asLink("The book")', LinkValue("Books/Dune.md", "Dune", "The book")),
        ("file.hasLink(author)", True),
        ("file.hasLink(this)", True),
        ('file.hasLink("Frank Herbert")', True),
        ('file.hasLink("People/Frank Herbert.md")', True),
        ('file.hasLink("Arrakis")', True),
        ('file.hasLink("Caladan")', False),
        ("this.file.hasLink(file)", True),
        ('file.hasProperty("rating")', True),
        ('file.hasProperty("colour")', False),
        ('file.hasTag("book")', True),
        ('file.hasTag("#book")', True),
        ('file.hasTag("scifi")', True),
        ('file.hasTag("sci")', False),
        ('file.hasTag("favourite")', True),
        ('file.hasTag("x", "y", "book")', True),
        ('file.hasTag("classic")', False),
        ('file.inFolder("Books")', True),
        ('file.inFolder("Books/")', True),
        ('file.inFolder("Boo")', False),
        ('file.inFolder("People")', False),
        ('file.inFolder("")', True),
        ('this.file.inFolder("People")', True),
    ],
)
def test_link_and_file_functions(text: str, expected: Value) -> None:
    check(text, expected)


def test_file_functions_need_a_file() -> None:
    assert error_code('rating.hasTag("x")') == "NF503"
    assert error_code('"x".asLink()') == "NF503"
    assert error_code("file.hasLink(3)") == "NF503"


# --- objects and regular expressions ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{}.isEmpty()", True),
        ('{"a": 1}.isEmpty()', False),
        ("nothing.isEmpty()", True),
        ("meta.keys()", ("a", "b")),
        ("meta.values()", (1, 2)),
        ('{"a": 1, "b": [2]}.values()', (1, (2,))),
        ("meta.b", 2),
        ('/abc/.matches("abcde")', True),
        ('/^abc$/.matches("abcde")', False),
        ('/ABC/i.matches("xabcx")', True),
        ('/(?<year>\\d{4})/.matches("in 1965")', True),
    ],
)
def test_object_and_regex_functions(text: str, expected: Value) -> None:
    check(text, expected)


def test_methods_on_null_give_null_except_those_of_any_value() -> None:
    of_any = {"isEmpty": True, "isTruthy": False, "toString": ""}
    for name in METHODS:
        if name != "isType":
            assert value_of(f"missing.{name}()") == of_any.get(name), name


# --- the value rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        (False, False),
        (True, True),
        (0, False),
        (0.0, False),
        (float("nan"), False),
        (-1, True),
        ("", False),
        ("0", True),
        ((), False),
        ((None,), True),
        (ObjectValue(()), False),
        (ObjectValue((("a", None),)), True),
        (date(2025, 1, 1), True),
        (Duration(), False),
        (Duration(0, 1), True),
        (LinkValue(None, "x"), True),
        (FileValue("a.md"), True),
    ],
)
def test_truthy(value: Value, expected: bool) -> None:
    assert truthy(value) is expected


def test_equal() -> None:
    assert equal(1, 1.0)
    assert not equal(1, True)
    assert not equal("1", 1)
    assert equal(None, None)
    assert not equal(None, "")
    assert equal(date(2025, 1, 1), datetime(2025, 1, 1))
    assert equal(date(2025, 1, 1), "2025-01-01")
    assert not equal(date(2025, 1, 1), "soon")
    assert equal(LinkValue("a.md", "A"), FileValue("a.md"))
    assert equal(LinkValue("a.md", "A"), LinkValue("a.md", "a.md", "shown"))
    assert not equal(LinkValue(None, "a"), FileValue("a.md"))
    assert equal(LinkValue(None, "x"), LinkValue(None, "x"))
    assert not equal(LinkValue(None, "x"), LinkValue("x.md", "x"))
    assert equal((1, (2, "a")), (1.0, (2, "a")))
    assert not equal((1, 2), (1,))
    assert equal(ObjectValue((("a", 1), ("b", 2))), ObjectValue((("b", 2), ("a", 1))))
    assert equal(Duration(0, 1000), 1000)
    assert not equal(Duration(1, 0), 0)
    assert equal(Duration(12, 0), Duration(12, 0))
    assert equal(Regex("a", "g"), Regex("a", "g"))


def test_compare_orders_a_sort_with_nulls_last() -> None:
    values: list[Value] = [None, "b", 3, date(2024, 1, 1), "A", 1.5, None, datetime(2023, 6, 1, 12), False]
    ordered = sorted(values, key=_Key)
    assert ordered == [False, 1.5, 3, datetime(2023, 6, 1, 12), date(2024, 1, 1), "A", "b", None, None]
    assert compare(None, None) == 0
    assert compare(None, 1) == 1
    assert compare(1, None) == -1
    assert compare("a", "A") == 1  # same letters: the capital first, so that the order is total
    assert compare(LinkValue(None, "b"), LinkValue(None, "a")) == 1
    assert compare((1, 2), (1, 3)) == -1
    assert compare((1, 2), (1,)) == 1
    assert compare(Duration(0, 5), 4) == 1


class _Key:
    def __init__(self, value: Value) -> None:
        self.value = value

    def __lt__(self, other: _Key) -> bool:
        return compare(self.value, other.value) < 0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (3, "3"),
        (2.0, "2"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-7, "1e-7"),
        (float("inf"), "Infinity"),
        ("text", "text"),
        (date(2025, 5, 27), "2025-05-27"),
        (datetime(2025, 5, 27, 9, 5), "2025-05-27 09:05"),
        (datetime(2025, 5, 27, 9, 5, 7), "2025-05-27 09:05:07"),
        (Duration(0, 86_400_000), "1 day"),
        (Duration(14, 3 * 3_600_000), "1 year 2 months 3 hours"),
        (Duration(0, -7_200_000), "-2 hours"),
        (Duration(), "0 milliseconds"),
        (LinkValue("a/B.md", "B"), "B"),
        (LinkValue("a/B.md", "B", "Bee"), "Bee"),
        (FileValue("a/B.md"), "B"),
        (FileValue("a/c.png"), "c.png"),
        (ObjectValue((("a", 1), ("b", "x"))), "a: 1, b: x"),
        ((1, "a", None, LinkValue(None, "L")), "1, a, , L"),
        (Regex("a+", "g"), "/a+/g"),
        (Image("x.png"), "x.png"),
        (Icon("plus"), "plus"),
    ],
)
def test_display(value: Value, text: str) -> None:
    assert display(value) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-05-27", date(2025, 5, 27)),
        ("2025-5-7", date(2025, 5, 7)),
        ("2025-05-27 12:00", datetime(2025, 5, 27, 12, 0)),
        ("2025-05-27 12:00:30", datetime(2025, 5, 27, 12, 0, 30)),
        ("2025-05-27T12:00:30.5", datetime(2025, 5, 27, 12, 0, 30, 500_000)),
        ("2025-05-27T12:00:00Z", datetime(2025, 5, 27, 12, 0)),
        ("2025-05-27T12:00:00-0130", datetime(2025, 5, 27, 13, 30)),
        (" 2025-05-27 ", date(2025, 5, 27)),
        ("2025-13-01", None),
        ("27/05/2025", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", Duration(0, 7 * 86_400_000)),
        ("1 day", Duration(0, 86_400_000)),
        ("2 days", Duration(0, 2 * 86_400_000)),
        ("1w", Duration(0, 7 * 86_400_000)),
        ("1 week", Duration(0, 7 * 86_400_000)),
        ("3 weeks", Duration(0, 21 * 86_400_000)),
        ("1M", Duration(1, 0)),
        ("2 months", Duration(2, 0)),
        ("1y", Duration(12, 0)),
        ("2 years", Duration(24, 0)),
        ("4h", Duration(0, 4 * 3_600_000)),
        ("1 hour", Duration(0, 3_600_000)),
        ("3m", Duration(0, 180_000)),
        ("5 minutes", Duration(0, 300_000)),
        ("10s", Duration(0, 10_000)),
        ("1 second", Duration(0, 1000)),
        ("1.5h", Duration(0, 5_400_000)),
        ("-2h", Duration(0, -7_200_000)),
        ("1y 2M 3d", Duration(14, 3 * 86_400_000)),
        ("1.5M", None),
        ("7", None),
        ("soon", None),
        ("7 fortnights", None),
        ("", None),
    ],
)
def test_parse_duration(text: str, expected: Duration | None) -> None:
    assert parse_duration(text) == expected


# --- regular expressions from notes ---------------------------------------------------------


def test_a_pattern_that_backtracks_forever_elsewhere_ends_here() -> None:
    """``(a+)+$`` against a long run of ``a`` and a ``b`` takes exponential time with a
    backtracking engine (Python's ``re`` would not finish within the test's timeout); RE2
    answers in linear time."""
    text = "a" * 40_000 + "b"
    check(f'/(a+)+$/.matches("{text}")', False)
    check(f'"{text}".replace(/(a|aa)+$/g, "x")', text)


def test_a_pattern_re2_cannot_run_is_an_invalid_value() -> None:
    """Backreferences and lookaround need backtracking: RE2 refuses them, and the query
    reports the pattern like any that does not compile."""
    assert error_code('/(a)\\1/.matches("aa")') == "NF506"
    assert error_code('/a(?=b)/.matches("ab")') == "NF506"
